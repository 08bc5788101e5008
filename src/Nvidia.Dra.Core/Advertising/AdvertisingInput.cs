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

    /// <summary>Gets the physical GPUs, in any order.</summary>
    public required IReadOnlyList<PhysicalGpu> Gpus { get; init; }
}
