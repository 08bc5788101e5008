namespace Nvidia.Dra.Testing;

/// <summary>
/// What binding a function to a VFIO driver creates under its <c>vfio-dev/</c> directory: the three layouts
/// real kernels show.
/// </summary>
public enum SimulatedVfioDev
{
    /// <summary>No <c>vfio-dev/</c> at all (kernels before the vfio-dev class, about 6.1).</summary>
    Absent,

    /// <summary>
    /// <c>vfio-dev/vfioN</c> without a <c>dev</c> file and no <c>/dev/vfio/devices/</c>: a kernel built without
    /// <c>CONFIG_VFIO_DEVICE_CDEV</c> (observed on Debian 12's 6.1 and 6.12). There is no device cdev.
    /// </summary>
    WithoutCdev,

    /// <summary><c>vfio-dev/vfioN/dev</c> and <c>/dev/vfio/devices/vfioN</c>: the VFIO device cdev (iommufd).</summary>
    Cdev,
}
