using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Testing.FakeApiServer;
using V1 = Nvidia.Dra.Kubelet.Protocol.V1;
using V1Beta1 = Nvidia.Dra.Kubelet.Protocol.V1Beta1;

namespace Nvidia.Dra.Kubelet.Tests.Hosting.Support;

/// <summary>
/// A running kubelet-plugin host on a generic host, with its sockets in a short temporary directory laid out like
/// kubelet's (<c>plugins_registry/</c>, <c>plugins/&lt;driver&gt;/</c>), claim reads going to a loopback fake API
/// server through a kubeconfig, and gRPC clients that talk to it the way kubelet does.
/// </summary>
internal sealed class PluginHarness : IAsyncDisposable
{
    private static readonly Method<InfoRequest, PluginInfo> GetInfoMethod = new(MethodType.Unary, "pluginregistration.Registration", "GetInfo", Marshaller(InfoRequest.Parser), Marshaller(PluginInfo.Parser));
    private static readonly Method<RegistrationStatus, RegistrationStatusResponse> NotifyMethod = new(MethodType.Unary, "pluginregistration.Registration", "NotifyRegistrationStatus", Marshaller(RegistrationStatus.Parser), Marshaller(RegistrationStatusResponse.Parser));
    private readonly bool ownsRoot;
    private readonly List<GrpcChannel> channels = [];

    private PluginHarness(string root, FakeKubernetesApiServer api, IHost host, RecordingPlugin plugin, FakeLogCollector logs, bool ownsRoot)
    {
        Root = root;
        Api = api;
        Host = host;
        Plugin = plugin;
        Logs = logs;
        this.ownsRoot = ownsRoot;
    }

    public string Root { get; }

    public string RegistrarDirectory => Path.Join(Root, "plugins_registry");

    public string PluginDirectory => Path.Join(Root, "plugins", TestClaims.Driver);

    public FakeKubernetesApiServer Api { get; }

    public IHost Host { get; }

    public RecordingPlugin Plugin { get; }

    public FakeLogCollector Logs { get; }

    public KubeletPluginHost Kubelet => Host.Services.GetRequiredService<KubeletPluginHost>();

    public static string NewRoot()
    {
        var root = Directory.CreateTempSubdirectory("kh-").FullName;
        Directory.CreateDirectory(Path.Join(root, "plugins_registry"));
        Directory.CreateDirectory(Path.Join(root, "plugins", TestClaims.Driver));
        return root;
    }

    /// <summary>Builds and starts a host.</summary>
    /// <param name="configure">Changes to the options after the harness defaults.</param>
    /// <param name="root">A directory shared with another harness (rolling update); a fresh one when omitted.</param>
    /// <param name="api">An API server shared with another harness; a fresh one when omitted.</param>
    /// <param name="plugin">A driver shared with another harness; a fresh one when omitted.</param>
    public static async Task<PluginHarness> StartAsync(Action<KubeletPluginOptions>? configure = null, string? root = null, FakeKubernetesApiServer? api = null, RecordingPlugin? plugin = null)
    {
        var ownsRoot = root is null;
        root ??= NewRoot();
        api ??= await FakeKubernetesApiServer.StartAsync();
        plugin ??= new RecordingPlugin();
        var kubeconfig = api.WriteKubeconfig(Path.Join(root, $"kubeconfig-{Guid.NewGuid():N}"));
        var logs = new FakeLogCollector();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IDraPlugin>(plugin);
        builder.Services.AddKubeletPlugin<RecordingPlugin>(options =>
        {
            options.DriverName = TestClaims.Driver;
            options.NodeName = "node-1";
            options.RegistrarDirectory = Path.Join(root, "plugins_registry");
            options.PluginDirectory = Path.Join(root, "plugins", TestClaims.Driver);
            options.HealthPort = 0;
            options.HealthBindAddress = "127.0.0.1";
            options.Kubeconfig = kubeconfig;
            configure?.Invoke(options);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new PluginHarness(root, api, host, plugin, logs, ownsRoot);
    }

    public V1.DRAPlugin.DRAPluginClient DraV1() => new(Channel(Kubelet.DraSocketPath));

    public V1Beta1.DRAPlugin.DRAPluginClient DraV1Beta1() => new(Channel(Kubelet.DraSocketPath));

    public async Task<PluginInfo> GetInfoAsync() =>
        await Channel(Kubelet.RegistrationSocketPath).CreateCallInvoker().AsyncUnaryCall(GetInfoMethod, null, default, new InfoRequest());

    public async Task NotifyAsync(bool registered, string error = "") =>
        await Channel(Kubelet.RegistrationSocketPath).CreateCallInvoker().AsyncUnaryCall(NotifyMethod, null, default, new RegistrationStatus { PluginRegistered = registered, Error = error });

    public async Task<(int Status, string Body)> GetHealthAsync(string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(Kubelet.HealthAddress!, path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public GrpcChannel Channel(string socketPath)
    {
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            },
        });
        channels.Add(channel);
        return channel;
    }

    public static V1.NodePrepareResourcesRequest PrepareRequest(params (string Ns, string Name, string Uid)[] claims) =>
        new() { Claims = { claims.Select(c => new V1.Claim { Namespace = c.Ns, Name = c.Name, Uid = c.Uid }) } };

    public static V1.NodeUnprepareResourcesRequest UnprepareRequest(params (string Ns, string Name, string Uid)[] claims) =>
        new() { Claims = { claims.Select(c => new V1.Claim { Namespace = c.Ns, Name = c.Name, Uid = c.Uid }) } };

    public async Task StopAsync() => await Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        await Host.StopAsync();
        Host.Dispose();
        if (ownsRoot)
        {
            await Api.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }
    }

    private static Marshaller<T> Marshaller<T>(Google.Protobuf.MessageParser<T> parser)
        where T : Google.Protobuf.IMessage<T> => Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), parser.ParseFrom);
}
