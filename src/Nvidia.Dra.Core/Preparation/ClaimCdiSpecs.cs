using System.Globalization;
using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Metadata;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// The CDI specs of a vfio claim (<c>upstream-behaviour.md</c> A.9, <c>cdi.md</c> §12): kind
/// <c>k8s.&lt;driver&gt;/claim</c>, one device <c>&lt;claimUID&gt;-&lt;device&gt;</c> per GPU, spec-level
/// <c>NVIDIA_VISIBLE_DEVICES=void</c> and the API device, device-level group node or iommufd cdev. Device nodes
/// carry only <c>path</c>: the runtime stats the host node. Also the metadata mount specs (KEP-5304).
/// </summary>
internal static class ClaimCdiSpecs
{
    /// <summary>The legacy VFIO container (API) device.</summary>
    public const string VfioApiDevice = "/dev/vfio/vfio";

    /// <summary>The iommufd API device.</summary>
    public const string IommuFdApiDevice = "/dev/iommu";

    /// <summary>The CDI class of claim specs.</summary>
    public const string ClaimClass = "claim";

    /// <summary>Gets the vendor of claim specs for a driver: <c>k8s.&lt;driver&gt;</c>.</summary>
    /// <param name="driverName">The driver name.</param>
    /// <returns>For example <c>k8s.gpu.nvidia.com</c>.</returns>
    public static string Vendor(string driverName) => "k8s." + driverName;

    /// <summary>Gets the claim spec's name (the writer adds <c>.yaml</c>).</summary>
    /// <param name="driverName">The driver name.</param>
    /// <param name="claimUid">The claim UID.</param>
    /// <returns>For example <c>k8s.gpu.nvidia.com-claim_&lt;uid&gt;</c>.</returns>
    public static string SpecName(string driverName, string claimUid) =>
        CdiSpecNames.GenerateTransientSpecName(Vendor(driverName), ClaimClass, claimUid);

    /// <summary>Gets the CDI device name of a claim's device.</summary>
    /// <param name="claimUid">The claim UID.</param>
    /// <param name="device">The allocated device name.</param>
    /// <returns><c>&lt;claimUID&gt;-&lt;device&gt;</c>.</returns>
    public static string DeviceName(string claimUid, string device) => claimUid + "-" + device;

    /// <summary>Gets the qualified CDI id of a claim's device.</summary>
    /// <param name="driverName">The driver name.</param>
    /// <param name="claimUid">The claim UID.</param>
    /// <param name="device">The allocated device name.</param>
    /// <returns><c>k8s.&lt;driver&gt;/claim=&lt;claimUID&gt;-&lt;device&gt;</c>.</returns>
    public static string DeviceId(string driverName, string claimUid, string device) =>
        $"{Vendor(driverName)}/{ClaimClass}={DeviceName(claimUid, device)}";

    /// <summary>Builds the claim spec.</summary>
    /// <param name="driverName">The driver name.</param>
    /// <param name="claimUid">The claim UID.</param>
    /// <param name="devices">Each device with its IOMMU group and, for iommufd, its cdev.</param>
    /// <param name="useIommuFd">Whether the iommufd backend is used (PreferIommuFD and <c>/dev/iommu</c> present).</param>
    /// <param name="enableApiDevice">Whether the API device is injected.</param>
    /// <returns>The spec at the lowest version that can express it.</returns>
    public static CdiSpec BuildClaimSpec(string driverName, string claimUid, IReadOnlyList<(string Device, int? IommuGroup, string? Cdev)> devices, bool useIommuFd, bool enableApiDevice)
    {
        var common = new ContainerEdits
        {
            Env = new[] { "NVIDIA_VISIBLE_DEVICES=void" },
            DeviceNodes = enableApiDevice ? new[] { new DeviceNode(useIommuFd ? IommuFdApiDevice : VfioApiDevice) } : null,
        };
        var cdiDevices = devices.Select(d => new CdiDevice(
            DeviceName(claimUid, d.Device),
            new ContainerEdits
            {
                DeviceNodes = new[]
                {
                    new DeviceNode(useIommuFd
                        ? "/dev/vfio/devices/" + d.Cdev
                        : "/dev/vfio/" + d.IommuGroup!.Value.ToString(CultureInfo.InvariantCulture)),
                },
            })).ToArray();
        return new CdiSpec("0.3.0", $"{Vendor(driverName)}/{ClaimClass}")
        {
            Devices = cdiDevices,
            ContainerEdits = common,
        }.WithMinimumVersion();
    }

    /// <summary>Builds the CDI spec that bind-mounts one metadata file read-only (KEP-5304, K5).</summary>
    /// <param name="file">The metadata file.</param>
    /// <returns>The spec, <c>cdiVersion</c> 0.5.0 as the Kubernetes library writes it.</returns>
    public static CdiSpec BuildMetadataSpec(MetadataFile file) =>
        new("0.5.0", file.CdiKind)
        {
            Devices = new[]
            {
                new CdiDevice(file.CdiDeviceName, new ContainerEdits
                {
                    Mounts = new[] { new Mount(file.HostPath, file.ContainerPath) { Options = new[] { "ro", "bind" } } },
                }),
            },
        };
}
