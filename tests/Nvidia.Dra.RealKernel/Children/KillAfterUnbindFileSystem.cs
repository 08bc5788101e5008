using System.IO.Abstractions;
using System.Text;

namespace Nvidia.Dra.RealKernel;

/// <summary>The guarded file system that SIGKILLs its own process as soon as an unbind write has returned.</summary>
internal sealed class KillAfterUnbindFileSystem : FileSystem
{
    public KillAfterUnbindFileSystem() => File = new KillingFile(this);

    public override IFile File { get; }

    private sealed class KillingFile(IFileSystem fileSystem) : FileWrapper(fileSystem)
    {
        public override void WriteAllText(string path, string? contents)
        {
            GuestGuard.Default.EnsureWritable(path);
            base.WriteAllText(path, contents);
            KillIfUnbind(path);
        }

        public override void WriteAllText(string path, string? contents, Encoding encoding)
        {
            GuestGuard.Default.EnsureWritable(path);
            base.WriteAllText(path, contents, encoding);
            KillIfUnbind(path);
        }

        private static void KillIfUnbind(string path)
        {
            if (path.EndsWith("/unbind", StringComparison.Ordinal))
            {
                Console.Out.Flush();
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }
        }
    }
}
