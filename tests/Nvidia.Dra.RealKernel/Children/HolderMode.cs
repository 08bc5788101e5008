namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Holds a device the way QEMU does: container, group attached with the type1v2 IOMMU, and a device descriptor;
/// optionally closes the group and container descriptors afterwards, so only <c>anon_inode:[vfio-device]</c> shows in
/// /proc (the device descriptor keeps the group in use). Signals readiness with a file and sleeps until killed.
/// </summary>
internal static class HolderMode
{
    public static int Run(int group, string device, string readyFile, bool deviceOnly)
    {
        var container = VfioUapi.Open("/dev/vfio/vfio");
        var groupFd = VfioUapi.Open($"/dev/vfio/{group}");
        VfioUapi.Attach(groupFd, container);
        var deviceFd = VfioUapi.DeviceFd(groupFd, device);
        if (deviceOnly)
        {
            _ = VfioUapi.Close(groupFd);
            _ = VfioUapi.Close(container);
        }

        File.WriteAllText(readyFile, $"{Environment.ProcessId} {deviceFd}\n");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
