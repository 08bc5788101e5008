using System.IO.Abstractions;

namespace Nvidia.Dra.Core.Tests.Doctor;

/// <summary>
/// The real file system, except that listing one directory fails with "permission denied" — what a process's
/// <c>/proc/&lt;pid&gt;/fd</c> does to a non-root reader (tests run as root, where permissions cannot deny it) — or,
/// with <c>denyLinksOnly</c>, listing works but reading the links inside it is denied, as another PID namespace's
/// init does even to root.
/// </summary>
internal sealed class DenyingFileSystem : FileSystem
{
    public DenyingFileSystem(string deniedDirectory, bool denyLinksOnly = false)
    {
        Directory = denyLinksOnly ? base.Directory : new DenyingDirectory(this, deniedDirectory);
        File = denyLinksOnly ? new DenyingLinks(this, deniedDirectory) : base.File;
    }

    public override IDirectory Directory { get; }

    public override IFile File { get; }

    private sealed class DenyingLinks(IFileSystem fileSystem, string denied) : FileWrapper(fileSystem)
    {
        public override IFileSystemInfo? ResolveLinkTarget(string linkPath, bool returnFinalTarget) =>
            System.IO.Path.GetDirectoryName(linkPath) == denied
                ? throw new UnauthorizedAccessException($"Access to the path '{linkPath}' is denied.")
                : base.ResolveLinkTarget(linkPath, returnFinalTarget);
    }

    private sealed class DenyingDirectory(IFileSystem fileSystem, string denied) : DirectoryWrapper(fileSystem)
    {
        public override IEnumerable<string> EnumerateFileSystemEntries(string path) =>
            path == denied ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.") : base.EnumerateFileSystemEntries(path);
    }
}
