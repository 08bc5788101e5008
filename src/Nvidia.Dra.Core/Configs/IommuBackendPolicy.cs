namespace Nvidia.Dra.Core.Configs;

/// <summary>Which VFIO backend the container gets.</summary>
public enum IommuBackendPolicy
{
    /// <summary>The legacy group backend, <c>/dev/vfio/&lt;group&gt;</c>; what KubeVirt needs.</summary>
    LegacyOnly,

    /// <summary>The iommufd cdev, <c>/dev/vfio/devices/vfioN</c>, when the host has <c>/dev/iommu</c>; legacy otherwise.</summary>
    PreferIommuFD,
}
