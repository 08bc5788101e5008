
namespace Nvidia.Dra.Testing;

/// <summary>A write the simulated kernel holds until released, like an unbind waiting for a driver's remove.</summary>
public sealed class SimulatedHang : IDisposable
{
    private readonly ManualResetEventSlim _gate = new(false);
    private int _entered;

    /// <summary>Gets a value indicating whether a write is (or was) blocked on this hang.</summary>
    public bool Entered => Volatile.Read(ref _entered) > 0;

    /// <summary>Lets every blocked write, and every later one, complete.</summary>
    public void Release() => _gate.Set();

    /// <summary>Releases the hang.</summary>
    public void Dispose() => Release();

    internal void Block()
    {
        Interlocked.Increment(ref _entered);
        _gate.Wait();
    }
}
