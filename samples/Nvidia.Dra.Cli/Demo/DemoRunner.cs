using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Demo;

/// <summary>
/// The whole passthrough flow on an embedded simulated 8-GPU HGX node (a temporary sysfs/dev/proc tree with a
/// simulated kernel, and NVML over the fake), through the real driver host: this runner plays kubelet over the
/// driver's Unix sockets (registration, then NodePrepareResources and NodeUnprepareResources by claim reference),
/// and the driver reads the claims from a loopback fake API server.
/// </summary>
internal sealed class DemoRunner(TextWriter output)
{
    private const string Namespace = "vms";
    private const string FirstClaim = "virt-launcher-vm1-gpu-x7k2p";
    private const string FirstUid = "3f0c8e2a-7b1d-4c6e-9a5f-0d2b4e6a8c10";
    private const string SecondUid = "5a1e9c3b-2d4f-4e8a-b6c0-7e9f1a3b5d20";

    public async Task<int> RunAsync(bool full, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var driver = await DemoDriver.StartAsync(cancellationToken).ConfigureAwait(false);
        var node = driver.Node;
        var service = driver.Service;
        var plugin = driver.Plugin;
        var registration = new Registration.RegistrationClient(driver.Channel(plugin.RegistrationSocketPath));
        var dra = new DRAPlugin.DRAPluginClient(driver.Channel(plugin.DraSocketPath));

        Section("Start-up on a simulated 8-GPU HGX H100 node (PassthroughSupport=true, DeviceMetadata=true)");
        var startup = await service.StartAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine($"preflight: {(startup.Preflight.CanStart ? "ok" : "fatal")}, passthrough available: {startup.Preflight.PassthroughAvailable}");
        foreach (var finding in startup.Preflight.Findings)
        {
            output.WriteLine($"  {Shorten(finding.ToString(), node.Host.Root)}");
        }

        output.WriteLine($"registration socket: {plugin.RegistrationSocketPath}");
        output.WriteLine($"dra socket: {plugin.DraSocketPath}");

        Section("kubelet registers the plugin (pluginregistration.Registration over the registration socket)");
        var info = await registration.GetInfoAsync(new InfoRequest(), cancellationToken: cancellationToken);
        output.WriteLine($"GetInfo: type {info.Type}, name {info.Name}, endpoint {Path.GetFileName(info.Endpoint)}, versions {string.Join(", ", info.SupportedVersions)}");
        await registration.NotifyRegistrationStatusAsync(new RegistrationStatus { PluginRegistered = true }, cancellationToken: cancellationToken);
        output.WriteLine($"NotifyRegistrationStatus(true): ready {await plugin.IsReadyAsync(cancellationToken).ConfigureAwait(false)}");

        Section("DeviceClasses");
        output.Write(DeviceClassFactory.ToManifest(service.GetDeviceClasses()));

        Section("ResourceSlices, as the API server stored them (the driver's slice controller publishes them)");
        var publication = service.GetResourceSlices();
        using (var converge = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            converge.CancelAfter(TimeSpan.FromSeconds(30));
            await driver.Slices.WaitForConvergenceAsync(converge.Token).ConfigureAwait(false);
        }

        PrintStoredSlices(driver.Api.ResourceSlices, publication);
        PrintPool(publication, full);

        Section($"Claim template from the NVIDIA guide ({ClaimTemplate.ResourceName})");
        var template = ClaimTemplate.LoadEmbedded();
        output.Write(template.Yaml);
        var vfio = publication.Devices.Where(d => d.Kind == DeviceKind.Vfio).ToList();
        var pool = publication.Slices[0].Spec.Pool.Name;
        driver.Api.PutResourceClaim(template.Allocate("gpu", FirstClaim, Namespace, FirstUid, pool, _ => vfio[0].Name));
        output.WriteLine($"-> claim {Namespace}/{FirstClaim} ({FirstUid}) allocated {vfio[0].Name} (GPU {vfio[0].PciAddress}), stored in the API server");

        Section("NodePrepareResources (kubelet sends the claim reference; the driver reads the claim from the API server)");
        var prepared = (await dra.NodePrepareResourcesAsync(Request(Namespace, FirstClaim, FirstUid), cancellationToken: cancellationToken)).Claims[FirstUid];
        if (prepared.Error.Length > 0)
        {
            output.WriteLine($"FAILED: {prepared.Error}");
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
        foreach (var file in Directory.GetFiles(driver.CdiRoot).Order(StringComparer.Ordinal))
        {
            Section($"CDI spec {Path.GetFileName(file)}");
            output.WriteLine(Shorten(File.ReadAllText(file), node.Host.Root));
        }

        var metadata = Directory.GetFiles(Path.Join(driver.PluginDirectory, "dra-device-metadata"), "*.json", SearchOption.AllDirectories).Single();
        Section($"Device metadata {Path.GetRelativePath(driver.PluginDirectory, metadata)} (read by KubeVirt's virt-launcher)");
        output.Write(File.ReadAllText(metadata));

        Section("A second VM while nv-hostengine (DCGM) holds the next GPU");
        var second = PciAddress.Parse(vfio[1].PciAddress);
        var minor = node.Nvml.Fake.Gpus.First(g => g.PciBusId == second.ToString()).MinorNumber;
        var holder = node.Host.AddHolder(node.Host.GpuNode(minor), "nv-hostengine", "0::/system.slice/nvidia-dcgm.service");
        driver.Api.PutResourceClaim(template.Allocate("gpu", "virt-launcher-vm2-gpu-q9z4m", Namespace, SecondUid, pool, _ => vfio[1].Name));
        var blocked = (await dra.NodePrepareResourcesAsync(Request(Namespace, "virt-launcher-vm2-gpu-q9z4m", SecondUid), cancellationToken: cancellationToken)).Claims[SecondUid];
        var refused = blocked.Error.Contains("nv-hostengine", StringComparison.Ordinal);
        output.WriteLine(refused
            ? $"refused as expected (per-claim error from NodePrepareResources):\n  {blocked.Error.Replace(node.Host.Root, string.Empty, StringComparison.Ordinal)}"
            : $"UNEXPECTED: {(blocked.Error.Length > 0 ? blocked.Error : "prepared")}");
        output.WriteLine($"GPU {second} stays on {node.Host.DriverOf(second)}, persistence {(node.Nvml.IsPersistenceOn(second.ToString()) ? "on" : "off")}; nothing was written");
        holder.Exit();

        Section("NodeUnprepareResources");
        var unprepared = (await dra.NodeUnprepareResourcesAsync(new NodeUnprepareResourcesRequest { Claims = { Claim(Namespace, FirstClaim, FirstUid) } }, cancellationToken: cancellationToken)).Claims[FirstUid];
        if (unprepared.Error.Length > 0)
        {
            output.WriteLine($"FAILED: {unprepared.Error}");
            return 1;
        }

        var metadataDirectory = Path.Join(driver.PluginDirectory, "dra-device-metadata");
        output.WriteLine($"GPU {gpu} is back on {node.Host.DriverOf(gpu)}; persistence mode {(node.Nvml.IsPersistenceOn(gpu.ToString()) ? "on" : "off")}; driver_override {node.Host.OverrideOf(gpu) ?? "(null)"}");
        output.WriteLine($"CDI specs left: {Directory.GetFiles(driver.CdiRoot).Length}; metadata files left: {(Directory.Exists(metadataDirectory) ? Directory.GetFiles(metadataDirectory, "*", SearchOption.AllDirectories).Length : 0)}");
        var ok = refused && node.Host.DriverOf(gpu) == "nvidia" && Directory.GetFiles(driver.CdiRoot).Length == 0;
        var (draSocket, registrationSocket) = (plugin.DraSocketPath, plugin.RegistrationSocketPath);
        await driver.Host.StopAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine($"driver stopped; sockets removed: {!File.Exists(draSocket) && !File.Exists(registrationSocket)}");
        output.WriteLine();
        output.WriteLine($"demo {(ok ? "finished" : "FAILED")} in {clock.Elapsed.TotalSeconds:0.0} s (simulated node deleted)");
        return ok ? 0 : 1;
    }

    /// <summary>Runs the driver until SIGTERM (or Ctrl+C), with the guide's claim stored for a prepare by reference.</summary>
    public async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        await using var driver = await DemoDriver.StartAsync(stop.Token).ConfigureAwait(false);
        var publication = driver.Service.GetResourceSlices();
        var vfio = publication.Devices.First(d => d.Kind == DeviceKind.Vfio);
        driver.Api.PutResourceClaim(ClaimTemplate.LoadEmbedded().Allocate("gpu", FirstClaim, Namespace, FirstUid, publication.Slices[0].Spec.Pool.Name, _ => vfio.Name));
        output.WriteLine($"registration socket: {driver.Plugin.RegistrationSocketPath}");
        output.WriteLine($"dra socket: {driver.Plugin.DraSocketPath}");
        output.WriteLine($"health: {new Uri(driver.Plugin.HealthAddress!, "/healthz")}");
        output.WriteLine($"claim: {Namespace}/{FirstClaim} uid {FirstUid} (device {vfio.Name}, GPU {vfio.PciAddress})");
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C: stop the driver (its sockets are removed) and delete the simulated node.
        }

        return 0;
    }

    private static NodePrepareResourcesRequest Request(string ns, string name, string uid) => new() { Claims = { Claim(ns, name, uid) } };

    private static Claim Claim(string ns, string name, string uid) => new() { Namespace = ns, Name = name, Uid = uid };

    private static string Shorten(string text, string root) => text.Replace(root, "<sim-root>", StringComparison.Ordinal);

    private void PrintStoredSlices(IReadOnlyList<JsonObject> stored, PoolPublication publication)
    {
        foreach (var slice in stored)
        {
            var spec = slice["spec"]!;
            var owner = slice["metadata"]?["ownerReferences"]?[0];
            output.WriteLine(
                $"{slice["metadata"]!["name"]}: driver {spec["driver"]}, node {spec["nodeName"]}, pool {spec["pool"]!["name"]} generation {spec["pool"]!["generation"]}, " +
                $"{spec["devices"]?.AsArray().Count ?? 0} devices, {spec["sharedCounters"]?.AsArray().Count ?? 0} counter sets, owner {owner?["kind"]}/{owner?["name"]}");
        }

        var storedDevices = stored.SelectMany(s => s["spec"]!["devices"]?.AsArray() ?? []).Select(d => d!["name"]!.GetValue<string>());
        output.WriteLine($"stored devices equal the driver's pool: {storedDevices.SequenceEqual(publication.Devices.Select(d => d.Name), StringComparer.Ordinal)}");
        output.WriteLine(publication.Exclusion switch
        {
            null => "exclusion of a GPU's two views: none needed (passthrough-only node: one vfio view per GPU, no counters sent)",
            SliceExclusion.SharedCounters => "exclusion of a GPU's two views: shared counters, enforced by the scheduler (the API server kept them)",
            _ => "exclusion of a GPU's two views: node-side (the API server dropped the counters: a prepared GPU's sibling view is withdrawn)",
        });
    }

    private void PrintPool(PoolPublication publication, bool full)
    {
        if (full)
        {
            output.Write(KubernetesJson.ToManifest(publication.Slices));
            return;
        }

        var builder = new StringBuilder();
        builder.AppendLine($"{"DEVICE",-26}{"KIND",-6}{"PCI",-14}{"IOMMU",-7}{"PRODUCT",-24}COUNTER SET");
        foreach (var device in publication.Devices)
        {
            var attributes = device.Device.Attributes ?? new Dictionary<string, DeviceAttribute>();
            var group = attributes.TryGetValue("iommuGroup", out var g) ? g.Int?.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
            var product = attributes.TryGetValue("productName", out var p) ? p.String : "-";
            var counters = string.Join(",", device.Device.ConsumesCounters?.Select(c => c.CounterSet) ?? []);
            builder.AppendLine($"{device.Name,-26}{device.Kind.ToString().ToLowerInvariant(),-6}{device.PciAddress,-14}{group,-7}{product,-24}{counters}");
        }

        builder.AppendLine("(a host that registers a container-claim preparer also publishes gpu views, kept exclusive by shared counters or node-side; --full prints the manifest)");
        output.Write(builder.ToString());
    }

    private void Section(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title}");
    }
}
