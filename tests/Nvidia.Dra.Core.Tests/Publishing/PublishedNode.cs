using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Core.Tests.Publishing;

/// <summary>
/// A simulated node whose Core pool is published by the Kubelet slice controller to the fake API server, the way a
/// driver host wires them: republish after start-up and after every prepare and unprepare, and choose the exclusion
/// mode from what the server keeps (node-side once it reports dropped counter fields).
/// </summary>
internal sealed class PublishedNode : IAsyncDisposable
{
    private PublishedNode(NodeHarness node, FakeKubernetesApiServer server, ResourceSliceController controller, FaultInjectingHandler faults)
    {
        Node = node;
        Server = server;
        Controller = controller;
        Faults = faults;
    }

    public NodeHarness Node { get; }

    public FakeKubernetesApiServer Server { get; }

    public ResourceSliceController Controller { get; }

    public FaultInjectingHandler Faults { get; }

    public SliceExclusion Exclusion => Controller.Status.DroppedFields.Count > 0 ? SliceExclusion.NodeSide : SliceExclusion.SharedCounters;

    public static async Task<PublishedNode> StartAsync(SimulatedTopology topology, bool apiDropsCounters, IContainerClaimPreparer? containerPreparer = null)
    {
        var server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { DropPartitionableDevicesFields = apiDropsCounters });
        server.PutNode(ClaimFactory.Pool);
        var node = new NodeHarness(topology, extend: containerPreparer is null ? null : b => b.Services.AddSingleton(containerPreparer!));
        var faults = new FaultInjectingHandler();
        var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() }, faults);
        var controller = new ResourceSliceController(client, Microsoft.Extensions.Options.Options.Create(new ResourceSliceControllerOptions
        {
            DriverName = ClaimFactory.Driver,
            NodeName = ClaimFactory.Pool,
            SyncDelay = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        }));
        await controller.StartAsync();
        await node.Service.StartAsync();
        return new PublishedNode(node, server, controller, faults);
    }

    /// <summary>Publishes the pool as Core builds it now, in the exclusion mode the server allows.</summary>
    public void Republish() => Controller.Publish(ToDesired(Node.Service.GetResourceSlices(Exclusion)));

    /// <summary>Publishes and waits; when the server turned out to drop the counters, publishes again node-side.</summary>
    public async Task PublishAndConvergeAsync()
    {
        var before = Exclusion;
        Republish();
        await ConvergeAsync();
        if (Exclusion != before)
        {
            Republish();
            await ConvergeAsync();
        }
    }

    public Task ConvergeAsync() => Controller.WaitForConvergenceAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

    /// <summary>The device names the fake stores for the pool.</summary>
    public List<string> StoredDevices() =>
        [.. Server.ResourceSlices.SelectMany(s => s["spec"]?["devices"]?.AsArray() ?? []).Select(d => d!["name"]!.GetValue<string>())];

    public async ValueTask DisposeAsync()
    {
        await Controller.DisposeAsync();
        await Server.DisposeAsync();
        Node.Dispose();
    }

    /// <summary>Core's pool in the official client's models (same wire format, so a JSON round trip).</summary>
    internal static Dictionary<string, DesiredPool> ToDesired(PoolPublication publication)
    {
        var slices = JsonNode.Parse(JsonSerializer.Serialize(publication.Slices, KubernetesJsonContext.Default.IReadOnlyListResourceSlice))!.AsArray();
        var devices = slices.SelectMany(s => s!["spec"]!["devices"]?.AsArray() ?? []).Select(d => d.Deserialize(SourceGenerationContext.Default.V1Device)!).ToList();
        var counters = slices.SelectMany(s => s!["spec"]!["sharedCounters"]?.AsArray() ?? []).Select(c => c.Deserialize(SourceGenerationContext.Default.V1CounterSet)!).ToList();
        return new Dictionary<string, DesiredPool> { [publication.PoolName] = new DesiredPool(devices, counters) };
    }
}
