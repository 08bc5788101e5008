namespace Nvidia.Dra.Core.Configs;

/// <summary>
/// Configuration of a vfio device (kind <c>VfioDeviceConfig</c>): which VFIO device nodes go into the container.
/// </summary>
/// <param name="Iommu">The IOMMU settings.</param>
public sealed record VfioDeviceConfig(IommuConfig Iommu) : DeviceConfiguration
{
    /// <summary>The kind name on the wire.</summary>
    public const string KindName = "VfioDeviceConfig";

    /// <summary>
    /// Gets the lowest-precedence default, as upstream: legacy backend, no API device. The shipped
    /// <c>vfio.gpu.nvidia.com</c> DeviceClass carries a class config that turns the API device on (see
    /// <see cref="Advertising.DeviceClassFactory"/>), so KubeVirt gets <c>/dev/vfio/vfio</c> without user effort.
    /// </summary>
    public static VfioDeviceConfig Default { get; } = new(new IommuConfig(IommuBackendPolicy.LegacyOnly, EnableApiDevice: false));

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override DeviceKind AppliesTo => DeviceKind.Vfio;
}
