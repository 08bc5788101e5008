namespace Nvidia.Dra.Vfio;

/// <summary>Detects nvidia-persistenced, itself a holder of every GPU it manages.</summary>
public interface IPersistencedDetector
{
    /// <summary>Gets the socket path probed: <c>&lt;driver root&gt;/run/nvidia-persistenced/socket</c>.</summary>
    string SocketPath { get; }

    /// <summary>Whether the daemon's socket exists (the reference driver's test for "running").</summary>
    /// <returns><see langword="true"/> when the socket exists.</returns>
    bool IsRunning();
}
