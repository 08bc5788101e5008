namespace Nvidia.Dra.Kubelet.Tests.Registration.Support;

/// <summary>A fresh, short directory under /tmp for sockets (Unix socket paths must stay under 108 bytes).</summary>
public sealed class SocketDirectory : IDisposable
{
    public SocketDirectory()
    {
        Path = Directory.CreateTempSubdirectory("kreg-").FullName;
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a test that failed may still hold a socket.
        }
    }
}
