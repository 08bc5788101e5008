using System.IO.Abstractions;
using System.Text;
using Microsoft.Win32.SafeHandles;

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

        // Every way to open a file for writing; the Vfio package reads sysfs through OpenHandle, so a write handle
        // must not be a way around the guard either.
        public override FileSystemStream Open(string path, FileMode mode) => Open(path, mode, mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite, FileShare.None);

        public override FileSystemStream Open(string path, FileMode mode, FileAccess access) => Open(path, mode, access, FileShare.None);

        public override FileSystemStream Open(string path, FileMode mode, FileAccess access, FileShare share)
        {
            GuardUnlessReadOnly(path, access);
            return base.Open(path, mode, access, share);
        }

        public override FileSystemStream Open(string path, FileStreamOptions options)
        {
            GuardUnlessReadOnly(path, options.Access);
            return base.Open(path, options);
        }

        public override FileSystemStream Create(string path)
        {
            guard.EnsureWritable(path);
            return base.Create(path);
        }

        public override SafeFileHandle OpenHandle(string path, FileMode mode = FileMode.Open, FileAccess access = FileAccess.Read, FileShare share = FileShare.Read, FileOptions options = FileOptions.None, long preallocationSize = 0)
        {
            GuardUnlessReadOnly(path, access);
            return base.OpenHandle(path, mode, access, share, options, preallocationSize);
        }

        private void GuardUnlessReadOnly(string path, FileAccess access)
        {
            if (access != FileAccess.Read)
            {
                guard.EnsureWritable(path);
            }
        }
    }
}
