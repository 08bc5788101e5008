namespace Nvidia.Dra.Vfio;

/// <summary>Why passthrough of a GPU is impossible right now.</summary>
public enum PlanBlockerKind
{
    /// <summary>The IOMMU is off on the host.</summary>
    IommuDisabled,

    /// <summary>The GPU has no IOMMU group.</summary>
    NoIommuGroup,

    /// <summary>The GPU has SR-IOV virtual functions enabled.</summary>
    VirtualFunctionsEnabled,

    /// <summary>A device that does not belong to the GPU shares its group and is on a host driver.</summary>
    ForeignDevice,

    /// <summary>The GPU is bound to a driver that is neither <c>nvidia</c>, a VFIO driver, nor none.</summary>
    UnexpectedDriver,
}
