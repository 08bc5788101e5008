using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Testing.FakeApiServer;
using Nvidia.Dra.Testing.SimulatedDriver;

namespace Nvidia.Dra.Driver.Tests.Publishing;

/// <summary>
/// The whole driver (<see cref="SimulatedDriverHost"/>) as node <c>node-a</c>, the pool Core's claim factory
/// allocates from, publishing to the fake API server through a client with fault injection, with the slice
/// controller's delays shortened.
/// </summary>
internal sealed class PublishedDriver(SimulatedDriverHost driver, FaultInjectingHandler faults) : IAsyncDisposable
{
    public SimulatedDriverHost Driver { get; } = driver;

    public FakeKubernetesApiServer Server => Driver.Api;

    public FaultInjectingHandler Faults { get; } = faults;

    public IDraNodeService Service => Driver.Service;

    public ResourceSliceController Controller => Driver.Slices;

    /// <summary>Gets the exclusion mode of the pool as Core builds it now.</summary>
    public SliceExclusion? Exclusion => Service.GetResourceSlices().Exclusion;

    /// <summary>Gets the stored slices.</summary>
    public IReadOnlyList<JsonObject> StoredSlices => Server.ResourceSlices;

    public static async Task<PublishedDriver> StartAsync(bool apiDropsCounters, IContainerClaimPreparer? containerPreparer = null)
    {
        var faults = new FaultInjectingHandler();
        var driver = await SimulatedDriverHost.StartAsync(
            settings => settings with { NodeName = ClaimFactory.Pool },
            api: new FakeApiServerOptions { DropPartitionableDevicesFields = apiDropsCounters },
            services: (services, server) =>
            {
                services.AddSingleton<IKubernetes>(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() }, faults));
                if (containerPreparer is not null)
                {
                    services.AddSingleton(containerPreparer);
                }

                services.Configure<ResourceSliceControllerOptions>(options =>
                {
                    options.SyncDelay = TimeSpan.FromMilliseconds(100);
                    options.MaxBackoff = TimeSpan.FromMilliseconds(200);
                });
            });
        return new PublishedDriver(driver, faults);
    }

    /// <summary>Gets the UID of the Node object the fake stores for this node (storing an existing node returns it).</summary>
    public string NodeUid() => Server.PutNode(ClaimFactory.Pool)["metadata"]!["uid"]!.GetValue<string>();

    /// <summary>Waits until the controller stored the pool as the driver wants it now.</summary>
    public Task ConvergeAsync() => Controller.WaitForConvergenceAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

    /// <summary>Gets the device names the fake stores for the pool.</summary>
    public List<string> StoredDevices() =>
        [.. Server.ResourceSlices.SelectMany(s => s["spec"]?["devices"]?.AsArray() ?? []).Select(d => d!["name"]!.GetValue<string>())];

    public ValueTask DisposeAsync() => Driver.DisposeAsync();
}
