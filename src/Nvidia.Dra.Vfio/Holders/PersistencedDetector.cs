using System.IO.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Probes the nvidia-persistenced socket under the driver root.</summary>
public sealed class PersistencedDetector : IPersistencedDetector
{
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates the detector.</summary>
    /// <param name="options">Host roots; defaults to the real host.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    public PersistencedDetector(IOptions<VfioHostOptions>? options = null, IFileSystem? fileSystem = null)
    {
        SocketPath = new HostPaths(options?.Value ?? new VfioHostOptions()).PersistencedSocket;
        _fileSystem = fileSystem ?? new FileSystem();
    }

    /// <inheritdoc/>
    public string SocketPath { get; }

    /// <inheritdoc/>
    public bool IsRunning() => _fileSystem.Path.Exists(SocketPath);
}
