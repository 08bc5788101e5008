using System.Runtime.InteropServices;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// libc's <c>statx</c> and directory stream calls. .NET has no public API for <c>st_rdev</c>, and comparing device
/// numbers (not paths) is what finds holders in other mount namespaces. <c>statx</c> has one layout on every
/// architecture; <c>struct dirent</c> has <c>d_name</c> at byte 19 on 64-bit glibc and musl.
/// </summary>
internal static unsafe partial class LibC
{
    public const int AtFdCwd = -100;
    public const uint StatxType = 0x1;
    public const uint StatxIno = 0x100;
    public const ushort FileTypeMask = 0xF000;
    public const ushort CharacterDevice = 0x2000;
    public const int DirentNameOffset = 19;
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirfd, byte* path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Library, EntryPoint = "opendir", SetLastError = true)]
    public static partial nint OpenDirectory(byte* path);

    [LibraryImport(Library, EntryPoint = "readdir", SetLastError = true)]
    public static partial byte* ReadDirectory(nint directory);

    [LibraryImport(Library, EntryPoint = "dirfd")]
    public static partial int DirectoryDescriptor(nint directory);

    [LibraryImport(Library, EntryPoint = "closedir")]
    public static partial int CloseDirectory(nint directory);

    [LibraryImport(Library, EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadLinkAt(int dirfd, byte* path, byte* buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Library, EntryPoint = "close")]
    public static partial int Close(int fd);
}
