using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Demo;

/// <summary>
/// The whole passthrough flow on an embedded simulated 8-GPU HGX node (a temporary sysfs/dev/proc tree with a
/// simulated kernel, and NVML over the fake), through the same <see cref="IDraNodeService"/> a kubelet plugin uses.
/// </summary>
internal sealed class DemoRunner(TextWriter output)
{
    private const string Namespace = "vms";
    private const string FirstUid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10";
    private const string SecondUid = "5a1e9c3b-2d4f-4e8a-b6c0-7e9f1a3b5d20";

    public async Task<int> RunAsync(bool full, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        var cdiRoot = Path.Join(node.Host.Root, "var/run/cdi");
        var pluginData = Path.Join(node.Host.Root, "var/lib/kubelet/plugins/gpu.nvidia.com");
        await using var provider = BuildServices(node, cdiRoot, pluginData);
        var service = provider.GetRequiredService<IDraNodeService>();

        Section("Start-up on a simulated 8-GPU HGX H100 node (PassthroughSupport=true, DeviceMetadata=true)");
        var startup = await service.StartAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine($"preflight: {(startup.Preflight.CanStart ? "ok" : "fatal")}, passthrough available: {startup.Preflight.PassthroughAvailable}");
        foreach (var finding in startup.Preflight.Findings)
        {
            output.WriteLine($"  {Shorten(finding.ToString(), node.Host.Root)}");
        }

        Section("DeviceClasses");
        output.Write(DeviceClassFactory.ToManifest(service.GetDeviceClasses()));

        Section("ResourceSlice");
        var publication = service.GetResourceSlices();
        PrintPool(publication, full);

        Section($"Claim template from the NVIDIA guide ({ClaimTemplate.ResourceName})");
        var template = ClaimTemplate.LoadEmbedded();
        output.Write(template.Yaml);
        var vfio = publication.Devices.Where(d => d.Kind == DeviceKind.Vfio).ToList();
        var claim = template.Allocate("gpu", "virt-launcher-vm1-gpu-x7k2p", Namespace, FirstUid, publication.Slices[0].Spec.Pool.Name, _ => vfio[0].Name);
        output.WriteLine($"-> claim {Namespace}/{claim.Metadata.Name} ({FirstUid}) allocated {vfio[0].Name} (GPU {vfio[0].PciAddress})");

        Section("NodePrepareResources");
        var prepared = (await service.PrepareResourceClaimsAsync([claim], cancellationToken).ConfigureAwait(false))[0];
        if (prepared.Error is not null)
        {
            output.WriteLine($"FAILED: {prepared.Error.Message}");
            return 1;
        }

        foreach (var device in prepared.Devices)
        {
            output.WriteLine($"device {device.DeviceName} (pool {device.PoolName}, requests {string.Join(",", device.RequestNames)})");
            foreach (var id in device.CdiDeviceIds)
            {
                output.WriteLine($"  CDI {id}");
            }
        }

        var gpu = PciAddress.Parse(vfio[0].PciAddress);
        output.WriteLine($"GPU {gpu} is now on {node.Host.DriverOf(gpu)}; persistence mode {(node.Nvml.IsPersistenceOn(gpu.ToString()) ? "on" : "off")} (was on)");
        foreach (var file in Directory.GetFiles(cdiRoot).Order(StringComparer.Ordinal))
        {
            Section($"CDI spec {Path.GetFileName(file)}");
            output.WriteLine(Shorten(File.ReadAllText(file), node.Host.Root));
        }

        var metadata = Directory.GetFiles(Path.Join(pluginData, "dra-device-metadata"), "*.json", SearchOption.AllDirectories).Single();
        Section($"Device metadata {Path.GetRelativePath(pluginData, metadata)} (read by KubeVirt's virt-launcher)");
        output.Write(File.ReadAllText(metadata));

        Section("A second VM while nv-hostengine (DCGM) holds the next GPU");
        var second = PciAddress.Parse(vfio[1].PciAddress);
        var minor = node.Nvml.Fake.Gpus.First(g => g.PciBusId == second.ToString()).MinorNumber;
        var holder = node.Host.AddHolder(node.Host.GpuNode(minor), "nv-hostengine", "0::/system.slice/nvidia-dcgm.service");
        var blockedClaim = template.Allocate("gpu", "virt-launcher-vm2-gpu-q9z4m", Namespace, SecondUid, publication.Slices[0].Spec.Pool.Name, _ => vfio[1].Name);
        var blocked = (await service.PrepareResourceClaimsAsync([blockedClaim], cancellationToken).ConfigureAwait(false))[0];
        output.WriteLine(blocked.Error is GpuInUseException busy
            ? $"refused as expected ({busy.GetType().Name}):\n  {busy.Message.Replace(node.Host.Root, string.Empty, StringComparison.Ordinal)}"
            : $"UNEXPECTED: {blocked.Error?.Message ?? "prepared"}");
        output.WriteLine($"GPU {second} stays on {node.Host.DriverOf(second)}, persistence {(node.Nvml.IsPersistenceOn(second.ToString()) ? "on" : "off")}; nothing was written");
        holder.Exit();

        Section("NodeUnprepareResources");
        var unprepared = (await service.UnprepareResourceClaimsAsync([new ClaimReference(Namespace, claim.Metadata.Name!, FirstUid)], cancellationToken).ConfigureAwait(false))[0];
        if (unprepared.Error is not null)
        {
            output.WriteLine($"FAILED: {unprepared.Error.Message}");
            return 1;
        }

        output.WriteLine($"GPU {gpu} is back on {node.Host.DriverOf(gpu)}; persistence mode {(node.Nvml.IsPersistenceOn(gpu.ToString()) ? "on" : "off")}; driver_override {node.Host.OverrideOf(gpu) ?? "(null)"}");
        output.WriteLine($"CDI specs left: {Directory.GetFiles(cdiRoot).Length}; metadata files left: {(Directory.Exists(Path.Join(pluginData, "dra-device-metadata")) ? Directory.GetFiles(Path.Join(pluginData, "dra-device-metadata"), "*", SearchOption.AllDirectories).Length : 0)}");
        var ok = blocked.Error is GpuInUseException && node.Host.DriverOf(gpu) == "nvidia" && Directory.GetFiles(cdiRoot).Length == 0;
        output.WriteLine();
        output.WriteLine($"demo {(ok ? "finished" : "FAILED")} in {clock.Elapsed.TotalSeconds:0.0} s (simulated node deleted)");
        return ok ? 0 : 1;
    }

    private static ServiceProvider BuildServices(SimulatedNode node, string cdiRoot, string pluginData)
    {
        var services = new ServiceCollection();
        services.AddSingleton<INvml>(node.Nvml);
        services.AddNvidiaDra(options =>
        {
            options.NodeName = "hgx-node-1";
            options.FeatureGatesFlag = "PassthroughSupport=true,DeviceMetadata=true";
            options.CdiRoot = cdiRoot;
            options.PluginDataDirectory = pluginData;
            options.HostRoot = node.Host.Root;
            options.ContainerDriverRoot = node.Host.DriverRoot;
            options.HolderWaitTimeout = TimeSpan.FromSeconds(1);
        });
        services.AddSimulatedVfioHost(node.Host);
        return services.BuildServiceProvider();
    }

    private static string Shorten(string text, string root) => text.Replace(root, "<sim-root>", StringComparison.Ordinal);

    private void PrintPool(PoolPublication publication, bool full)
    {
        if (full)
        {
            output.Write(KubernetesJson.ToManifest(publication.Slices));
            return;
        }

        var builder = new StringBuilder();
        foreach (var slice in publication.Slices)
        {
            builder.AppendLine($"{slice.Metadata.Name}: pool {slice.Spec.Pool.Name} generation {slice.Spec.Pool.Generation}, {slice.Spec.Devices?.Count ?? 0} devices, {slice.Spec.SharedCounters?.Count ?? 0} counter sets");
        }

        builder.AppendLine($"{"DEVICE",-26}{"KIND",-6}{"PCI",-14}{"IOMMU",-7}{"PRODUCT",-24}COUNTER SET");
        foreach (var device in publication.Devices)
        {
            var attributes = device.Device.Attributes ?? new Dictionary<string, DeviceAttribute>();
            var group = attributes.TryGetValue("iommuGroup", out var g) ? g.Int?.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
            var product = attributes.TryGetValue("productName", out var p) ? p.String : "-";
            var counters = string.Join(",", device.Device.ConsumesCounters?.Select(c => c.CounterSet) ?? []);
            builder.AppendLine($"{device.Name,-26}{device.Kind.ToString().ToLowerInvariant(),-6}{device.PciAddress,-14}{group,-7}{product,-24}{counters}");
        }

        builder.AppendLine("(passthrough-only: one vfio view per GPU, so no shared counters are needed; a host that registers a container-claim preparer also publishes gpu views, kept exclusive by shared counters or node-side; --full prints the manifest)");
        output.Write(builder.ToString());
    }

    private void Section(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title}");
    }
}
