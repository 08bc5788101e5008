using System.Runtime.InteropServices;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// libc's <c>statx</c>. .NET has no public API for <c>st_rdev</c>, and comparing device numbers (not paths)
/// is what finds holders in other mount namespaces. <c>statx</c> has one layout on every architecture.
/// </summary>
internal static unsafe partial class LibC
{
    public const int AtFdCwd = -100;
    public const uint StatxType = 0x1;
    public const uint StatxIno = 0x100;
    public const ushort FileTypeMask = 0xF000;
    public const ushort CharacterDevice = 0x2000;
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirfd, byte* path, int flags, uint mask, StatxBuffer* buffer);
}
