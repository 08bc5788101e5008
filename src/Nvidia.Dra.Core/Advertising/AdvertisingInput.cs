using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>Everything the slice builder needs about the node.</summary>
public sealed record AdvertisingInput
{
    /// <summary>Gets the driver name.</summary>
    public string DriverName { get; init; } = "gpu.nvidia.com";

    /// <summary>Gets the node name, which is also the pool name.</summary>
    public required string NodeName { get; init; }

    /// <summary>Gets the feature gates in force.</summary>
    public required FeatureGateSet Gates { get; init; }

    /// <summary>
    /// Gets a value indicating whether start-up preflight left passthrough usable
    /// (<see cref="Preflight.PreflightReport.PassthroughAvailable"/>); vfio views are published only then.
    /// </summary>
    public required bool PassthroughAvailable { get; init; }

    /// <summary>Gets a value indicating whether the host has <c>/dev/iommu</c> (published as <c>iommuFDEnabled</c>).</summary>
    public bool IommuFdAvailable { get; init; }

    /// <summary>Gets a value indicating whether GPUs found on vfio-pci, not prepared by this driver, are advertised.</summary>
    public bool AdoptPreBoundVfioDevices { get; init; }

    /// <summary>
    /// Gets a value indicating whether the node serves container claims (an <see cref="IContainerClaimPreparer"/> is
    /// registered). Off by default: a passthrough-only node publishes <c>vfio</c> views only, so no <c>gpu</c> view
    /// can be allocated to a claim nothing on the node would prepare.
    /// </summary>
    public bool ContainerClaims { get; init; }

    /// <summary>Gets how both views of a GPU are kept exclusive when <see cref="ContainerClaims"/> publishes both.</summary>
    public SliceExclusion Exclusion { get; init; } = SliceExclusion.SharedCounters;

    /// <summary>
    /// Gets the PCI addresses of GPUs that container claims hold now (from the container-claim preparer); with
    /// <see cref="SliceExclusion.NodeSide"/> their <c>vfio</c> views are withdrawn.
    /// </summary>
    public IReadOnlySet<string> ContainerHeldGpus { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets the physical GPUs, in any order.</summary>
    public required IReadOnlyList<PhysicalGpu> Gpus { get; init; }
}
