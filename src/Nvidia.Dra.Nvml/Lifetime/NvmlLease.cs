using Nvidia.Dra.Nvml.Api;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>
/// A hold on the current NVML session for one operation: while any lease is out, the session is neither shut down
/// nor unloaded, so <see cref="Api"/> (and every device handle it returns) stays valid until <see cref="Dispose"/>.
/// </summary>
internal sealed class NvmlLease : IDisposable
{
    private readonly NvmlLifetime _lifetime;
    private int _released;

    /// <summary>Creates a lease the lifetime has counted already.</summary>
    public NvmlLease(NvmlLifetime lifetime, INvmlApi api)
    {
        _lifetime = lifetime;
        Api = api;
    }

    /// <summary>The session's calls.</summary>
    public INvmlApi Api { get; }

    /// <summary>Gives the hold back; the last one out starts the idle period. Extra calls are ignored.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _lifetime.Release();
        }
    }
}
