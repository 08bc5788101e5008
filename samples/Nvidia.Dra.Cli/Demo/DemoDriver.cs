using Grpc.Net.Client;
using Nvidia.Dra.Core;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.FakeApiServer;
using Nvidia.Dra.Testing.SimulatedDriver;

namespace Nvidia.Dra.Cli.Demo;

/// <summary>
/// The real driver (<c>nvidia-dra-driver</c>'s composition: Core behind the kubelet-plugin host) running in this
/// process on a simulated 8-GPU HGX node, with kubelet's directories in a temporary directory and claims read from
/// a loopback fake API server: the demo's view of <see cref="SimulatedDriverHost"/>, the builder the end-to-end tests
/// and the benchmarks use too. Disposing stops the host (its sockets are removed) and deletes everything.
/// </summary>
internal sealed class DemoDriver : IAsyncDisposable
{
    public const string NodeName = SimulatedDriverHost.NodeName;

    private readonly SimulatedDriverHost driver;

    private DemoDriver(SimulatedDriverHost driver) => this.driver = driver;

    public SimulatedNode Node => driver.Node;

    public FakeKubernetesApiServer Api => driver.Api;

    public Microsoft.Extensions.Hosting.IHost Host => driver.Host;

    public KubeletPluginHost Plugin => driver.Plugin;

    public IDraNodeService Service => driver.Service;

    public ResourceSliceController Slices => driver.Slices;

    public string CdiRoot => driver.Settings.CdiRoot;

    public string PluginDirectory => driver.Settings.PluginDirectory;

    public static async Task<DemoDriver> StartAsync(CancellationToken cancellationToken) =>
        new(await SimulatedDriverHost.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>A gRPC channel to one of the driver's sockets, dialled the way kubelet ≥ 1.34 does (authority <c>localhost</c>).</summary>
    public GrpcChannel Channel(string socketPath) => driver.Channel(socketPath);

    public ValueTask DisposeAsync() => driver.DisposeAsync();
}
