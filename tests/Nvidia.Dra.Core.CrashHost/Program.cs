using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.CrashHost;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Preparation;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

// Usage: <root> <topology> <prepare|unprepare|recover> <hook|sysfs> <ClaimStep, or VfioStep[@pci]> <pci> <signal file>
// Opens the simulated node at <root>, runs the operation for one vfio claim on <pci> ("recover": the start-up
// recovery of what an earlier killed run left), and stops where told: "hook" at a Core step boundary, "sysfs"
// inside the simulated kernel's write of a VfioStep for <pci>. It then writes the signal file and waits to be
// killed. Exit 3: it was never stopped.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: <root> <topology> <prepare|unprepare|recover> <hook|sysfs> <step> <pci> <signal file>");
    return 2;
}

var (root, topologyName, operation, kind, step, pci, signal) = (args[0], args[1], args[2], args[3], args[4], args[5], args[6]);
var topology = SimulatedTopologies.Find(topologyName);
using var node = SimulatedNode.Open(root, topology);
var killPoint = new KillPoint(signal);
var services = new ServiceCollection();
services.AddSingleton<INvml>(node.Nvml);
services.AddSingleton<IClaimStepHook>(killPoint);
services.AddNvidiaDra(options =>
{
    options.NodeName = "node-a";
    options.FeatureGatesFlag = "PassthroughSupport=true,DeviceMetadata=true";
    options.CdiRoot = Path.Join(root, "var/run/cdi");
    options.PluginDataDirectory = Path.Join(root, "var/lib/kubelet/plugins/gpu.nvidia.com");
    options.HostRoot = root;
    options.ContainerDriverRoot = node.Host.DriverRoot;
    options.HolderWaitTimeout = TimeSpan.FromMilliseconds(300);
    options.PrepareTimeout = TimeSpan.FromSeconds(30);
});
services.AddSimulatedVfioHost(node.Host);
await using var provider = services.BuildServiceProvider();
var service = provider.GetRequiredService<IDraNodeService>();
const string Uid = "c4a5e6f7-0812-4a3b-9c4d-5e6f7a8b9c0d";
var claim = new ResourceClaim
{
    Metadata = new ObjectMeta
    {
        Name = "vm1-gpu-x7k2p",
        Namespace = "vms",
        Uid = Uid,
        Annotations = new Dictionary<string, string> { [ResourceClaim.PodClaimNameAnnotation] = "gpu" },
    },
    Status = new ResourceClaimStatus
    {
        Allocation = new AllocationResult
        {
            Devices = new DeviceAllocationResult
            {
                Results = [new DeviceRequestAllocationResult { Request = "dra-gpu", Driver = "gpu.nvidia.com", Pool = "node-a", Device = "gpu-vfio-" + pci.Replace(':', '-').Replace('.', '-') }],
                Config =
                [
                    new DeviceAllocationConfiguration
                    {
                        Source = DeviceAllocationConfiguration.FromClaim,
                        Requests = ["dra-gpu"],
                        Opaque = new OpaqueDeviceConfiguration("gpu.nvidia.com", JsonDocument.Parse("""{"apiVersion":"resource.nvidia.com/v1beta1","kind":"VfioDeviceConfig","iommu":{"backendPolicy":"LegacyOnly","enableAPIDevice":true}}""").RootElement.Clone()),
                    },
                ],
            },
        },
    },
};

if (operation == "unprepare")
{
    var prepared = await service.PrepareResourceClaimsAsync([claim]);
    if (prepared[0].Error is { } error)
    {
        Console.Error.WriteLine(error.Message);
        return 4;
    }
}

if (kind == "hook")
{
    killPoint.Armed = (operation == "recover" ? "recovery" : operation, Enum.Parse<ClaimStep>(step));
}
else
{
    // "Bind" hangs the claim GPU's bind; "Bind@0000:01:00.1" another function's (a companion).
    var parts = step.Split('@');
    var hang = node.Host.Kernel.Hang(PciAddress.Parse(parts.Length > 1 ? parts[1] : pci), Enum.Parse<VfioStep>(parts[0]));
    _ = Task.Run(async () =>
    {
        while (!hang.Entered)
        {
            await Task.Delay(5);
        }

        KillPoint.Signal(signal, $"inside the {step} write");
    });
}

if (operation == "recover")
{
    var report = await service.StartAsync();
    Console.Error.WriteLine($"recovery returned: {report.Recovery.Errors.Count} errors");
}
else if (operation == "prepare")
{
    var result = await service.PrepareResourceClaimsAsync([claim]);
    Console.Error.WriteLine($"prepare returned: {result[0].Error?.Message ?? "ok"}");
}
else
{
    var result = await service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]);
    Console.Error.WriteLine($"unprepare returned: {result[0].Error?.Message ?? "ok"}");
}

return 3;
