using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Driver.Tests.Publishing;

/// <summary>
/// The whole driver (<see cref="DriverServiceCollectionExtensions.AddNvidiaDraDriver"/>) on a simulated 8-GPU node,
/// publishing to the fake API server through a client with fault injection; the controller's delays are shortened.
/// </summary>
internal sealed class PublishedDriver : IAsyncDisposable
{
    private readonly string kubelet;

    private PublishedDriver(SimulatedNode node, string kubelet, FakeKubernetesApiServer server, FaultInjectingHandler faults, IHost host)
    {
        Node = node;
        this.kubelet = kubelet;
        Server = server;
        Faults = faults;
        Host = host;
    }

    public SimulatedNode Node { get; }

    public FakeKubernetesApiServer Server { get; }

    public FaultInjectingHandler Faults { get; }

    public IHost Host { get; }

    /// <summary>Gets the UID of the Node object the fake stores for this node.</summary>
    public required string NodeUid { get; init; }

    public IDraNodeService Service => Host.Services.GetRequiredService<IDraNodeService>();

    public ResourceSliceController Controller => Host.Services.GetRequiredService<ResourceSliceController>();

    /// <summary>Gets the exclusion mode of the pool as Core builds it now.</summary>
    public SliceExclusion? Exclusion => Service.GetResourceSlices().Exclusion;

    public static async Task<PublishedDriver> StartAsync(bool apiDropsCounters, IContainerClaimPreparer? containerPreparer = null)
    {
        var node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        var kubelet = Directory.CreateTempSubdirectory("kd-").FullName;
        var server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { DropPartitionableDevicesFields = apiDropsCounters });
        var nodeUid = server.PutNode(ClaimFactory.Pool)["metadata"]!["uid"]!.GetValue<string>();
        var faults = new FaultInjectingHandler();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<INvml>(node.Nvml);
        builder.Services.AddSingleton<IKubernetes>(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() }, faults));
        if (containerPreparer is not null)
        {
            builder.Services.AddSingleton(containerPreparer);
        }

        builder.Services.AddNvidiaDraDriver(DriverEndToEndTests.Settings(node, kubelet, server) with { NodeName = ClaimFactory.Pool }, core => core.HolderWaitTimeout = TimeSpan.FromSeconds(1));
        builder.Services.AddSimulatedVfioHost(node.Host);
        builder.Services.Configure<ResourceSliceControllerOptions>(options =>
        {
            options.SyncDelay = TimeSpan.FromMilliseconds(100);
            options.MaxBackoff = TimeSpan.FromMilliseconds(200);
        });
        var host = builder.Build();
        var driver = new PublishedDriver(node, kubelet, server, faults, host) { NodeUid = nodeUid };
        try
        {
            await host.StartAsync();
            return driver;
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the controller stored the pool as the driver wants it now.</summary>
    public Task ConvergeAsync() => Controller.WaitForConvergenceAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

    /// <summary>Gets the device names the fake stores for the pool.</summary>
    public List<string> StoredDevices() =>
        [.. Server.ResourceSlices.SelectMany(s => s["spec"]?["devices"]?.AsArray() ?? []).Select(d => d!["name"]!.GetValue<string>())];

    /// <summary>Gets the stored slices.</summary>
    public IReadOnlyList<JsonObject> StoredSlices => Server.ResourceSlices;

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await Server.DisposeAsync();
        Node.Dispose();
        Directory.Delete(kubelet, recursive: true);
    }
}
