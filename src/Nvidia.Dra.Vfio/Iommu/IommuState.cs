namespace Nvidia.Dra.Vfio;

/// <summary>The host's IOMMU state.</summary>
/// <param name="Enabled">Whether the IOMMU is on (<c>kernel/iommu_groups</c> has at least one group).</param>
/// <param name="Reason">Why, in words, with a remedy when off.</param>
/// <param name="IommufdAvailable">Whether <c>/dev/iommu</c> exists (iommufd and VFIO device cdevs usable).</param>
/// <param name="GroupCount">How many IOMMU groups exist.</param>
public sealed record IommuState(bool Enabled, string Reason, bool IommufdAvailable, int GroupCount);
