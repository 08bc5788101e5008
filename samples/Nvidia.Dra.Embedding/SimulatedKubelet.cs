using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Embedding;

/// <summary>
/// The <c>--simulate</c> seam, not part of a real driver: points the packages at a simulated node (temporary
/// sysfs/proc/dev tree with a simulated kernel, and NVML over the fake) and plays the scheduler's part.
/// </summary>
internal sealed class SimulatedKubelet(SimulatedNode node)
{
    private const string GuideConfig = """{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"LegacyOnly","enableAPIDevice":true}}""";

    /// <summary>An allocated claim for the first vfio device, as the API server returns it for the NVIDIA guide's template.</summary>
    public ResourceClaim AllocateVfioClaim(PoolPublication publication)
    {
        var device = publication.Devices.First(d => d.Kind == DeviceKind.Vfio);
        return new ResourceClaim
        {
            Metadata = new ObjectMeta { Name = "vm1-gpu-x7k2p", Namespace = "vms", Uid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10" },
            Status = new ResourceClaimStatus
            {
                Allocation = new AllocationResult
                {
                    Devices = new DeviceAllocationResult
                    {
                        Results = [new DeviceRequestAllocationResult { Request = "dra-gpu", Driver = "gpu.nvidia.com", Pool = publication.Slices[0].Spec.Pool.Name, Device = device.Name }],
                        Config =
                        [
                            new DeviceAllocationConfiguration
                            {
                                Source = DeviceAllocationConfiguration.FromClaim,
                                Requests = ["dra-gpu"],
                                Opaque = new OpaqueDeviceConfiguration("gpu.nvidia.com", JsonDocument.Parse(GuideConfig).RootElement.Clone()),
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>Whether every GPU is on nvidia again (after the unprepare).</summary>
    public bool EveryGpuIsOnNvidia() => node.Host.Topology.Functions
        .Where(f => f.NvidiaMinor is not null)
        .All(f => node.Host.DriverOf(f.Address) == "nvidia");
}

/// <summary>Registers the simulated node.</summary>
internal static class SimulatedNodeServiceCollectionExtensions
{
    public static IServiceCollection UseSimulatedNode(this IServiceCollection services, SimulatedNode node)
    {
        var library = Path.Join(node.Host.DriverRoot, "usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.WriteAllText(library, string.Empty);
        services.AddSingleton<INvml>(node.Nvml);
        services.AddSingleton(new SimulatedKubelet(node));
        services.Configure<NvidiaDraOptions>(options =>
        {
            options.HostRoot = node.Host.Root;
            options.ContainerDriverRoot = node.Host.DriverRoot;
            options.CdiRoot = Path.Join(node.Host.Root, "var/run/cdi");
            options.PluginDataDirectory = Path.Join(node.Host.Root, "var/lib/kubelet/plugins/gpu.nvidia.com");
        });
        return services.AddSimulatedVfioHost(node.Host);
    }
}
