using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;
using Nvidia.Dra.Driver;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Cli.Demo;

/// <summary>
/// The real driver (<c>nvidia-dra-driver</c>'s composition: Core behind the kubelet-plugin host) running in this
/// process on a simulated 8-GPU HGX node, with kubelet's directories in a temporary directory and claims read from
/// a loopback fake API server. Disposing stops the host (its sockets are removed) and deletes everything.
/// </summary>
internal sealed class DemoDriver : IAsyncDisposable
{
    public const string NodeName = "hgx-node-1";

    private readonly string kubeletRoot;
    private readonly List<GrpcChannel> channels = [];

    private DemoDriver(SimulatedNode node, string kubeletRoot, FakeKubernetesApiServer api, IHost host)
    {
        Node = node;
        this.kubeletRoot = kubeletRoot;
        Api = api;
        Host = host;
    }

    public SimulatedNode Node { get; }

    public FakeKubernetesApiServer Api { get; }

    public IHost Host { get; }

    public KubeletPluginHost Plugin => Host.Services.GetRequiredService<KubeletPluginHost>();

    public IDraNodeService Service => Host.Services.GetRequiredService<IDraNodeService>();

    public ResourceSliceController Slices => Host.Services.GetRequiredService<ResourceSliceController>();

    public string CdiRoot => Path.Join(kubeletRoot, "cdi");

    public string PluginDirectory => Path.Join(kubeletRoot, "plugins", "gpu.nvidia.com");

    public static async Task<DemoDriver> StartAsync(CancellationToken cancellationToken)
    {
        var node = SimulatedNode.Create(SimulatedTopologies.Hgx8Gpu());
        // A short directory of its own: Unix socket paths must stay under 108 bytes.
        var kubeletRoot = Directory.CreateTempSubdirectory("nvdra-").FullName;
        var api = await FakeKubernetesApiServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        // The slice controller owns its slices through an owner reference to this node's Node object.
        api.PutNode(NodeName);
        foreach (var directory in new[] { "plugins_registry", "plugins/gpu.nvidia.com", "cdi" })
        {
            Directory.CreateDirectory(Path.Join(kubeletRoot, directory));
        }

        var settings = new DriverSettings
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
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<INvml>(node.Nvml);
        builder.Services.AddNvidiaDraDriver(settings, core => core.HolderWaitTimeout = TimeSpan.FromSeconds(1));
        builder.Services.AddSimulatedVfioHost(node.Host);
        var host = builder.Build();
        var driver = new DemoDriver(node, kubeletRoot, api, host);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return driver;
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A gRPC channel to one of the driver's sockets, dialled the way kubelet ≥ 1.34 does (authority <c>localhost</c>).</summary>
    public GrpcChannel Channel(string socketPath)
    {
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            },
        });
        channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        await Host.StopAsync().ConfigureAwait(false);
        Host.Dispose();
        await Api.DisposeAsync().ConfigureAwait(false);
        Node.Dispose();
        Directory.Delete(kubeletRoot, recursive: true);
    }
}
