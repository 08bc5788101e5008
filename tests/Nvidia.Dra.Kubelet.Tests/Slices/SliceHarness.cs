using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Kubelet.Tests.Slices;

/// <summary>A fake API server with the node, and slice controllers talking to it through the official client.</summary>
internal sealed class SliceHarness : IAsyncDisposable
{
    public const string Driver = "gpu.nvidia.com";
    public const string Node = "node-a";
    public const string NodeUid = "0c4b7d2e-1f3a-4e5b-9c6d-7e8f9a0b1c2d";
    private readonly List<ResourceSliceController> controllers = [];

    private SliceHarness(FakeKubernetesApiServer server)
    {
        Server = server;
    }

    public FakeKubernetesApiServer Server { get; }

    /// <summary>Gets the fault injector of the latest controller (a handler joins one client's pipeline only).</summary>
    public FaultInjectingHandler Faults { get; private set; } = new();

    public FakeLogger<ResourceSliceController> Log { get; } = new();

    public static async Task<SliceHarness> StartAsync(FakeApiServerOptions? options = null)
    {
        var server = await FakeKubernetesApiServer.StartAsync(options);
        server.PutNode(Node, NodeUid);
        return new SliceHarness(server);
    }

    public async Task<ResourceSliceController> ControllerAsync(Action<ResourceSliceControllerOptions>? configure = null)
    {
        var options = new ResourceSliceControllerOptions
        {
            DriverName = Driver,
            NodeName = Node,
            SyncDelay = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        if (controllers.Count > 0)
        {
            Faults = new FaultInjectingHandler();
        }

        var client = new Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() }, Faults);
        var controller = new ResourceSliceController(client, Options.Create(options), TimeProvider.System, Log);
        controllers.Add(controller);
        await controller.StartAsync();
        return controller;
    }

    public static async Task ConvergeAsync(ResourceSliceController controller)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await controller.WaitForConvergenceAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"slices did not converge in 20 s: {controller.Status}");
        }
    }

    /// <summary>The stored slices of a pool, by name.</summary>
    public List<JsonObject> Slices(string pool = Node) =>
        [.. Server.ResourceSlices.Where(s => s["spec"]?["pool"]?["name"]?.GetValue<string>() == pool)];

    public int Writes() => Server.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal) || r.StartsWith("PUT", StringComparison.Ordinal) || r.StartsWith("DELETE", StringComparison.Ordinal));

    public static Dictionary<string, DesiredPool> Pool(int devices, bool counters = false, string name = Node, string prefix = "dev") => new()
    {
        [name] = new DesiredPool(
            [.. Enumerable.Range(0, devices).Select(i => new V1Device
            {
                Name = $"{prefix}-{i}",
                Attributes = new Dictionary<string, V1DeviceAttribute> { ["index"] = new V1DeviceAttribute { IntValue = i } },
                ConsumesCounters = counters ? [new V1DeviceCounterConsumption { CounterSet = $"set-{i}", Counters = new Dictionary<string, V1Counter> { ["gpu"] = new V1Counter { Value = new ResourceQuantity("1") } } }] : null,
            })],
            counters ? [.. Enumerable.Range(0, devices).Select(i => new V1CounterSet { Name = $"set-{i}", Counters = new Dictionary<string, V1Counter> { ["gpu"] = new V1Counter { Value = new ResourceQuantity("1") } } })] : []),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var controller in controllers)
        {
            await controller.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
