using System.IO.Abstractions;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Nvidia.Dra.Testing;

/// <summary>
/// The real file system, except that writes to kernel control files under the simulated tree go to the
/// <see cref="SimulatedKernel"/>, synchronously on the writing thread, as a sysfs write would.
/// </summary>
public sealed class SimulatedFileSystem : FileSystem
{
    internal SimulatedFileSystem(SimulatedKernel kernel) => File = new KernelFile(this, kernel);

    /// <inheritdoc/>
    public override IFile File { get; }

    private sealed class KernelFile(IFileSystem fileSystem, SimulatedKernel kernel) : FileWrapper(fileSystem)
    {
        public override string ReadAllText(string path)
        {
            kernel.BeforeRead(path);
            return base.ReadAllText(path);
        }

        public override SafeFileHandle OpenHandle(string path, FileMode mode = FileMode.Open, FileAccess access = FileAccess.Read, FileShare share = FileShare.Read, FileOptions options = FileOptions.None, long preallocationSize = 0)
        {
            // A read through a handle blocks like ReadAllText does (the code under test reads sysfs both ways).
            if (access == FileAccess.Read)
            {
                kernel.BeforeRead(path);
            }

            return base.OpenHandle(path, mode, access, share, options, preallocationSize);
        }

        public override void WriteAllText(string path, string? contents)
        {
            if (!kernel.TryHandleWrite(path, contents ?? string.Empty))
            {
                base.WriteAllText(path, contents);
            }
        }

        public override void WriteAllText(string path, string? contents, Encoding encoding)
        {
            if (!kernel.TryHandleWrite(path, contents ?? string.Empty))
            {
                base.WriteAllText(path, contents, encoding);
            }
        }

        public override void WriteAllBytes(string path, byte[] bytes)
        {
            if (!kernel.TryHandleWrite(path, Encoding.UTF8.GetString(bytes)))
            {
                base.WriteAllBytes(path, bytes);
            }
        }
    }
}
