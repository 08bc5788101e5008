using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Benchmarks.Core;

/// <summary>
/// The node service on a simulated node and the one-GPU vfio claims the Core benchmarks prepare, in one place so
/// every benchmark measures the same wiring and the same claim shape.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class BenchNode
{
    /// <summary>The node name the service runs as; also the pool every claim is allocated from.</summary>
    public const string NodeName = "node-a";

    /// <summary>
    /// Builds the node service on <paramref name="node"/> (passthrough on, every root inside the simulated tree)
    /// and starts it. <paramref name="options"/> adjusts Core's options, <paramref name="configure"/> the services,
    /// before they are built.
    /// </summary>
    public static ServiceProvider Start(SimulatedNode node, Action<NvidiaDraOptions>? options = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<INvml>(node.Nvml);
        services.AddNvidiaDra(o =>
        {
            o.NodeName = NodeName;
            o.FeatureGatesFlag = "PassthroughSupport=true";
            o.CdiRoot = Path.Join(node.Host.Root, "var/run/cdi");
            o.PluginDataDirectory = Path.Join(node.Host.Root, "var/lib/kubelet/plugins/gpu.nvidia.com");
            o.HostRoot = node.Host.Root;
            o.ContainerDriverRoot = node.Host.DriverRoot;
            options?.Invoke(o);
        });
        services.AddSimulatedVfioHost(node.Host);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IDraNodeService>().StartAsync().GetAwaiter().GetResult();
        return provider;
    }

    /// <summary>A claim in namespace <c>vms</c> for the vfio view of the GPU at <paramref name="gpu"/>, with the API device.</summary>
    public static ResourceClaim VfioClaim(string uid, string name, string gpu) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "vms", Uid = uid },
        Status = new ResourceClaimStatus
        {
            Allocation = new AllocationResult
            {
                Devices = new DeviceAllocationResult
                {
                    Results = [new DeviceRequestAllocationResult { Request = "dra-gpu", Driver = "gpu.nvidia.com", Pool = NodeName, Device = "gpu-vfio-" + gpu.Replace(':', '-').Replace('.', '-') }],
                    Config =
                    [
                        new DeviceAllocationConfiguration
                        {
                            Source = DeviceAllocationConfiguration.FromClaim,
                            Opaque = new OpaqueDeviceConfiguration("gpu.nvidia.com", JsonDocument.Parse("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"enableAPIDevice":true}}""").RootElement.Clone()),
                        },
                    ],
                },
            },
        },
    };

    /// <summary>Throws the first per-claim error of <paramref name="results"/>, if any.</summary>
    public static void Check(IEnumerable<ClaimPrepareResult> results)
    {
        if (results.FirstOrDefault(r => r.Error is not null)?.Error is { } error)
        {
            throw error;
        }
    }

    /// <summary>Throws the first per-claim error of <paramref name="results"/>, if any.</summary>
    public static void Check(IEnumerable<ClaimUnprepareResult> results)
    {
        if (results.FirstOrDefault(r => r.Error is not null)?.Error is { } error)
        {
            throw error;
        }
    }
}
