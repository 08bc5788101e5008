namespace Nvidia.Dra.Core.Configs;

/// <summary>The <c>iommu</c> block of a <see cref="VfioDeviceConfig"/>, normalised.</summary>
/// <param name="BackendPolicy">The VFIO backend; <see cref="IommuBackendPolicy.LegacyOnly"/> when unset.</param>
/// <param name="EnableApiDevice">Whether the container gets the VFIO control device <c>/dev/vfio/vfio</c>
/// (<c>/dev/iommu</c> with iommufd); <see langword="false"/> when unset, as upstream.</param>
public sealed record IommuConfig(IommuBackendPolicy BackendPolicy, bool EnableApiDevice);
