using System.IO.Abstractions;
using System.Text;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// The real file system, with every write checked by a <see cref="GuestGuard"/> first. The Vfio package and the tests'
/// own setup write through it, so no sysfs write can happen outside the guest whatever a test does.
/// </summary>
public sealed class GuardedFileSystem : FileSystem
{
    /// <summary>Creates the file system.</summary>
    /// <param name="guard">The guard that must allow each write.</param>
    public GuardedFileSystem(GuestGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        Guard = guard;
        File = new GuardedFile(this, guard);
    }

    /// <summary>Gets the guard.</summary>
    public GuestGuard Guard { get; }

    /// <inheritdoc/>
    public override IFile File { get; }

    private sealed class GuardedFile(IFileSystem fileSystem, GuestGuard guard) : FileWrapper(fileSystem)
    {
        public override void WriteAllText(string path, string? contents)
        {
            guard.EnsureWritable(path);
            base.WriteAllText(path, contents);
        }

        public override void WriteAllText(string path, string? contents, Encoding encoding)
        {
            guard.EnsureWritable(path);
            base.WriteAllText(path, contents, encoding);
        }

        public override void WriteAllBytes(string path, byte[] bytes)
        {
            guard.EnsureWritable(path);
            base.WriteAllBytes(path, bytes);
        }

        public override void AppendAllText(string path, string? contents)
        {
            guard.EnsureWritable(path);
            base.AppendAllText(path, contents);
        }

        public override FileSystemStream OpenWrite(string path)
        {
            guard.EnsureWritable(path);
            return base.OpenWrite(path);
        }

        public override FileSystemStream Open(string path, FileMode mode, FileAccess access, FileShare share)
        {
            if (access != FileAccess.Read)
            {
                guard.EnsureWritable(path);
            }

            return base.Open(path, mode, access, share);
        }
    }
}
