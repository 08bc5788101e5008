using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;
using Nvidia.Dra.Driver;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Testing.SimulatedDriver;

/// <summary>
/// The real driver (<c>nvidia-dra-driver</c>'s composition: Core behind the kubelet-plugin host) in this process, on
/// a simulated 8-GPU HGX node, with kubelet's directories in a temporary directory and claims read from a loopback
/// fake API server. One builder for the end-to-end tests and the benchmarks. Disposing stops the host (its sockets
/// are removed), the API server and the node, and deletes the directory.
/// </summary>
public sealed class SimulatedDriverHost : IAsyncDisposable
{
    /// <summary>The node's name (and its pool's).</summary>
    public const string NodeName = "hgx-node-1";

    private readonly string kubeletRoot;
    private readonly List<GrpcChannel> channels = [];

    private SimulatedDriverHost(SimulatedNode node, string kubeletRoot, FakeKubernetesApiServer api, DriverSettings settings, IHost host)
    {
        Node = node;
        this.kubeletRoot = kubeletRoot;
        Api = api;
        Settings = settings;
        Host = host;
    }

    /// <summary>Gets the simulated node.</summary>
    public SimulatedNode Node { get; }

    /// <summary>Gets the fake API server the driver reads claims from.</summary>
    public FakeKubernetesApiServer Api { get; }

    /// <summary>Gets the settings the driver was built with.</summary>
    public DriverSettings Settings { get; }

    /// <summary>Gets the generic host (started by <see cref="StartAsync"/> unless told otherwise).</summary>
    public IHost Host { get; }

    /// <summary>Gets the kubelet-plugin host (socket paths, readiness).</summary>
    public KubeletPluginHost Plugin => Host.Services.GetRequiredService<KubeletPluginHost>();

    /// <summary>Gets Core's facade, the service behind the sockets.</summary>
    public IDraNodeService Service => Host.Services.GetRequiredService<IDraNodeService>();

    /// <summary>Gets the controller that publishes the node's ResourceSlices to the fake API server.</summary>
    public ResourceSliceController Slices => Host.Services.GetRequiredService<ResourceSliceController>();

    /// <summary>Builds the driver on a fresh simulated 8-GPU node and starts it.</summary>
    /// <param name="configure">Changes to the settings (e.g. an empty node name) before the host is built.</param>
    /// <param name="start">Whether to start the host (false: the caller starts it, e.g. to observe a start failure).</param>
    /// <param name="api">How the fake API server behaves (e.g. dropping counter fields); defaults when omitted.</param>
    /// <param name="services">More registrations after the driver's (a container-claim preparer, a client with
    /// fault injection for the fake API server, shorter slice controller delays).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The driver; dispose it.</returns>
    public static async Task<SimulatedDriverHost> StartAsync(
        Func<DriverSettings, DriverSettings>? configure = null,
        bool start = true,
        FakeApiServerOptions? api = null,
        Action<IServiceCollection, FakeKubernetesApiServer>? services = null,
        CancellationToken cancellationToken = default)
    {
        var node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        // A short directory of its own: Unix socket paths must stay under 108 bytes.
        var kubeletRoot = Directory.CreateTempSubdirectory("nvdra-").FullName;
        FakeKubernetesApiServer? server = null;
        IHost? host = null;
        try
        {
            server = await FakeKubernetesApiServer.StartAsync(api, cancellationToken).ConfigureAwait(false);
            var settings = DefaultSettings(node, kubeletRoot, server);
            settings = configure?.Invoke(settings) ?? settings;
            if (settings.NodeName.Length > 0)
            {
                // The slice controller owns its slices through an owner reference to this node's Node object.
                server.PutNode(settings.NodeName);
            }

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSingleton<INvml>(node.Nvml);
            // A short holder wait: a simulated holder never lets go, and tests should not wait the production 30 s.
            builder.Services.AddNvidiaDraDriver(settings, core => core.HolderWaitTimeout = TimeSpan.FromSeconds(1));
            builder.Services.AddSimulatedVfioHost(node.Host);
            services?.Invoke(builder.Services, server);
            host = builder.Build();
            var driver = new SimulatedDriverHost(node, kubeletRoot, server, settings, host);
            if (start)
            {
                try
                {
                    await host.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await driver.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }

            return driver;
        }
        catch when (host is null)
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            node.Dispose();
            Directory.Delete(kubeletRoot, recursive: true);
            throw;
        }
    }

    /// <summary>The settings <see cref="StartAsync"/> uses: kubelet's directories (created) under <paramref name="kubeletRoot"/>, the node's roots, any free health port on loopback, and a kubeconfig for <paramref name="api"/>.</summary>
    /// <param name="node">The simulated node.</param>
    /// <param name="kubeletRoot">A short directory (Unix socket paths must stay under 108 bytes).</param>
    /// <param name="api">The fake API server.</param>
    /// <returns>The settings.</returns>
    public static DriverSettings DefaultSettings(SimulatedNode node, string kubeletRoot, FakeKubernetesApiServer api)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(api);
        foreach (var directory in new[] { "plugins_registry", "plugins/gpu.nvidia.com", "cdi" })
        {
            Directory.CreateDirectory(Path.Join(kubeletRoot, directory));
        }

        return new DriverSettings
        {
            NodeName = NodeName,
            FeatureGates = "PassthroughSupport=true,DeviceMetadata=true",
            HostRoot = node.Host.Root,
            ContainerDriverRoot = node.Host.DriverRoot,
            CdiRoot = Path.Join(kubeletRoot, "cdi"),
            KubeletRegistrarDirectory = Path.Join(kubeletRoot, "plugins_registry"),
            KubeletPluginsDirectory = Path.Join(kubeletRoot, "plugins"),
            HealthcheckPort = 0,
            HealthcheckAddress = "127.0.0.1",
            Kubeconfig = api.WriteKubeconfig(Path.Join(kubeletRoot, "kubeconfig")),
        };
    }

    /// <summary>A gRPC channel to one of the driver's sockets, dialled the way kubelet ≥ 1.34 does (authority <c>localhost</c>).</summary>
    /// <param name="socketPath">The socket.</param>
    /// <returns>The channel, disposed with this driver.</returns>
    public GrpcChannel Channel(string socketPath)
    {
        var channel = UnixSocketChannel.Create(socketPath);
        channels.Add(channel);
        return channel;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        try
        {
            // A host whose start failed (e.g. options validation) has nothing to stop, and its StopAsync throws.
            if (Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
            {
                await Host.StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Host.Dispose();
            await Api.DisposeAsync().ConfigureAwait(false);
            Node.Dispose();
            Directory.Delete(kubeletRoot, recursive: true);
        }
    }
}
