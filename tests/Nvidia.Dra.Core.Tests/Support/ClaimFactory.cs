using System.Text.Json;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Tests.Support;

/// <summary>Builds allocated ResourceClaims the way the API server returns them for the NVIDIA guide's template.</summary>
internal static class ClaimFactory
{
    public const string Driver = "gpu.nvidia.com";
    public const string Pool = "node-a";

    /// <summary>The guide's config: LegacyOnly with the API device.</summary>
    public const string GuideConfig = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"LegacyOnly","enableAPIDevice":true}}""";

    public const string IommuFdConfig = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"PreferIommuFD","enableAPIDevice":true}}""";

    public static ResourceClaim Vfio(string uid, string device, string request = "dra-gpu", string config = GuideConfig, string name = "vm1-gpu-x7k2p", string ns = "vms", string? podClaimName = "gpu") =>
        Vfio(uid, [(request, device)], config, name, ns, podClaimName);

    public static ResourceClaim Vfio(string uid, IReadOnlyList<(string Request, string Device)> devices, string config = GuideConfig, string name = "vm1-gpu-x7k2p", string ns = "vms", string? podClaimName = "gpu") => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Uid = uid,
            Annotations = podClaimName is null ? null : new Dictionary<string, string> { [ResourceClaim.PodClaimNameAnnotation] = podClaimName },
        },
        Status = new ResourceClaimStatus
        {
            Allocation = new AllocationResult
            {
                Devices = new DeviceAllocationResult
                {
                    Results = [.. devices.Select(d => new DeviceRequestAllocationResult { Request = d.Request, Driver = Driver, Pool = Pool, Device = d.Device })],
                    Config =
                    [
                        new DeviceAllocationConfiguration
                        {
                            Source = DeviceAllocationConfiguration.FromClaim,
                            Requests = [.. devices.Select(d => d.Request.Split('/')[0]).Distinct()],
                            Opaque = new OpaqueDeviceConfiguration(Driver, JsonDocument.Parse(config).RootElement.Clone()),
                        },
                    ],
                },
            },
        },
    };

    /// <summary>A container claim: one request allocated a gpu view, no opaque config (defaults apply).</summary>
    public static ResourceClaim Container(string uid, string device, string name = "pod1-gpu") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "apps", Uid = uid },
        Status = new ResourceClaimStatus
        {
            Allocation = new AllocationResult
            {
                Devices = new DeviceAllocationResult { Results = [new DeviceRequestAllocationResult { Request = "gpu", Driver = Driver, Pool = Pool, Device = device }] },
            },
        },
    };

    public static string GpuDevice(string pciAddress) => "gpu-" + pciAddress.Replace(':', '-').Replace('.', '-');

    public static string VfioDevice(string pciAddress) => "gpu-vfio-" + pciAddress.Replace(':', '-').Replace('.', '-');
}
