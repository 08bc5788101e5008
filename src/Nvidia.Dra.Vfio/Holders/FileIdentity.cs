using System.Runtime.CompilerServices;
using System.Text;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// What makes two opened files the same: the device number for a character device, else (st_dev, st_ino).
/// The simulated host relies on the second form: its device nodes are regular files.
/// </summary>
internal readonly record struct FileIdentity(bool IsCharacterDevice, uint Major, uint Minor, ulong Inode)
{
    // Boxed: a reference is written whole, a nullable struct of this size is not.
    private static StrongBox<FileIdentity>? anonymous;

    public static FileIdentity From(in StatxBuffer buffer) =>
        (buffer.Mode & LibC.FileTypeMask) == LibC.CharacterDevice
            ? new FileIdentity(true, buffer.RdevMajor, buffer.RdevMinor, 0)
            : new FileIdentity(false, buffer.DevMajor, buffer.DevMinor, buffer.Inode);

    /// <summary>Stats a path, following links; null when it does not exist or cannot be read.</summary>
    public static unsafe FileIdentity? Of(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        StatxBuffer buffer;
        fixed (byte* p = bytes)
        {
            return LibC.Statx(LibC.AtFdCwd, p, 0, LibC.StatxType | LibC.StatxIno, &buffer) == 0 ? From(buffer) : null;
        }
    }

    /// <summary>
    /// The one inode the kernel shares among anonymous-inode descriptors (eventfd, epoll, VFIO device fds), found
    /// through an eventfd of our own; null where that cannot be learnt. It is the same until the next boot, so it is
    /// learnt once (three system calls per holder scan before); a failure is tried again next time.
    /// </summary>
    public static FileIdentity? AnonymousInode()
    {
        if (Volatile.Read(ref anonymous) is { } known)
        {
            return known.Value;
        }

        var fd = LibC.EventFd(0, 0x80000 /* EFD_CLOEXEC */);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var identity = Of("/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (identity is { } found)
            {
                Volatile.Write(ref anonymous, new StrongBox<FileIdentity>(found));
            }

            return identity;
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    public override string ToString() =>
        IsCharacterDevice ? $"char {Major}:{Minor}" : $"file dev {Major}:{Minor} ino {Inode}";
}
