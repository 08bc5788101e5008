using System.IO.Abstractions;

namespace Nvidia.Dra.Core.Tests.Doctor;

/// <summary>
/// The real file system, except that listing one directory fails with "permission denied" — what a process's
/// <c>/proc/&lt;pid&gt;/fd</c> does to a non-root reader (tests run as root, where permissions cannot deny it).
/// </summary>
internal sealed class DenyingFileSystem : FileSystem
{
    public DenyingFileSystem(string deniedDirectory) => Directory = new DenyingDirectory(this, deniedDirectory);

    public override IDirectory Directory { get; }

    private sealed class DenyingDirectory(IFileSystem fileSystem, string denied) : DirectoryWrapper(fileSystem)
    {
        public override IEnumerable<string> EnumerateFileSystemEntries(string path) =>
            path == denied ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.") : base.EnumerateFileSystemEntries(path);
    }
}
