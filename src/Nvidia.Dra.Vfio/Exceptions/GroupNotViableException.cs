namespace Nvidia.Dra.Vfio;

/// <summary>The GPU's IOMMU group contains a device that would stay on a host driver, so VFIO would refuse the group.</summary>
public sealed class GroupNotViableException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The GPU.</param>
    /// <param name="iommuGroup">Its IOMMU group.</param>
    /// <param name="blockers">The functions that block passthrough, each with the reason.</param>
    public GroupNotViableException(PciAddress device, int iommuGroup, IReadOnlyList<PlanBlocker> blockers)
        : base(
            $"IOMMU group {iommuGroup} of GPU {device} is not viable: {string.Join("; ", (blockers ?? []).Select(b => b.Message))}",
            device,
            VfioStep.Plan)
    {
        IommuGroup = iommuGroup;
        Blockers = blockers ?? [];
    }

    /// <summary>Gets the IOMMU group.</summary>
    public int IommuGroup { get; }

    /// <summary>Gets the functions that block passthrough.</summary>
    public IReadOnlyList<PlanBlocker> Blockers { get; }
}
