using System.Runtime.InteropServices;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// The legacy VFIO container/group ioctls (linux/vfio.h), straight from the kernel, to compare the package's answers
/// with what the kernel says and to hold a group or device the way QEMU does.
/// </summary>
internal static partial class VfioUapi
{
    public const uint GetApiVersion = 0x3B64;
    public const uint CheckExtension = 0x3B65;
    public const uint SetIommu = 0x3B66;
    public const uint GroupGetStatus = 0x3B67;
    public const uint GroupSetContainer = 0x3B68;
    public const uint GroupGetDeviceFd = 0x3B6A;
    public const int Type1v2Iommu = 3;
    public const uint GroupFlagsViable = 0x1;
    public const uint GroupFlagsContainerSet = 0x2;

    private const int ReadWrite = 2;
    private const int CloseOnExec = 0x80000;

    /// <summary>Opens a device node; throws with errno on failure.</summary>
    public static int Open(string path)
    {
        var fd = OpenNative(path, ReadWrite | CloseOnExec);
        return fd >= 0 ? fd : throw Error($"open {path}");
    }

    /// <summary><c>VFIO_GROUP_GET_STATUS</c> of <c>/dev/vfio/&lt;group&gt;</c>: the flags word.</summary>
    public static uint GroupStatus(int group)
    {
        var fd = Open($"/dev/vfio/{group}");
        try
        {
            return GroupStatusOf(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary><c>VFIO_GROUP_GET_STATUS</c> on an open group descriptor.</summary>
    public static unsafe uint GroupStatusOf(int fd)
    {
        var status = stackalloc uint[2];
        status[0] = 8;
        status[1] = 0;
        return IoctlPointer(fd, GroupGetStatus, (nint)status) == 0 ? status[1] : throw Error("VFIO_GROUP_GET_STATUS");
    }

    /// <summary>Attaches a group to a container and sets the type1v2 IOMMU, as QEMU does.</summary>
    public static unsafe void Attach(int group, int container)
    {
        var fd = container;
        if (IoctlPointer(group, GroupSetContainer, (nint)(&fd)) != 0)
        {
            throw Error("VFIO_GROUP_SET_CONTAINER");
        }

        if (IoctlValue(container, SetIommu, Type1v2Iommu) != 0)
        {
            throw Error("VFIO_SET_IOMMU(TYPE1v2)");
        }
    }

    /// <summary><c>VFIO_GROUP_GET_DEVICE_FD</c> for a device of an attached group.</summary>
    public static int DeviceFd(int group, string address)
    {
        var name = Marshal.StringToHGlobalAnsi(address);
        try
        {
            var fd = IoctlPointer(group, GroupGetDeviceFd, name);
            return fd >= 0 ? fd : throw Error($"VFIO_GROUP_GET_DEVICE_FD({address})");
        }
        finally
        {
            Marshal.FreeHGlobal(name);
        }
    }

    /// <summary>Closes a descriptor.</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    private static IOException Error(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlPointer(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlValue(int fd, nuint request, nint value);

    private static int IoctlValue(int fd, uint request, int value) => IoctlValue(fd, (nuint)request, (nint)value);

    private static int IoctlPointer(int fd, uint request, nint argument) => IoctlPointer(fd, (nuint)request, argument);
}
