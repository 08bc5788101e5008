namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>The server-wide resource version: every write of every resource takes the next number.</summary>
internal sealed class ResourceVersionClock
{
    private long current = 1000;

    public long Current => Interlocked.Read(ref current);

    public long Next() => Interlocked.Increment(ref current);
}
