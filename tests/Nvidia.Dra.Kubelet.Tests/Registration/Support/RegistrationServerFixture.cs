using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nvidia.Dra.Kubelet.Registration.Http2;

namespace Nvidia.Dra.Kubelet.Tests.Registration.Support;

/// <summary>A registration server on a socket in a fresh directory, with its logs collected.</summary>
public sealed class RegistrationServerFixture : IAsyncDisposable
{
    public const string DriverName = "gpu.example.com";

    private RegistrationServerFixture(SocketDirectory directory, RegistrationServer server, RegistrationState state, FakeLogCollector logs, PluginRegistrationInfo info)
    {
        Directory = directory;
        Server = server;
        State = state;
        Logs = logs;
        Info = info;
    }

    public SocketDirectory Directory { get; }

    public RegistrationServer Server { get; }

    public RegistrationState State { get; }

    public FakeLogCollector Logs { get; }

    public PluginRegistrationInfo Info { get; }

    public string SocketPath => Server.SocketPath;

    internal static async Task<RegistrationServerFixture> StartAsync(Http2ServerOptions? options = null, TimeProvider? timeProvider = null)
    {
        var directory = new SocketDirectory();
        var info = new PluginRegistrationInfo(DriverName, directory.Combine("dra.sock"), ["v1.DRAPlugin", "v1beta1.DRAPlugin"]);
        var state = new RegistrationState();
        var logs = new FakeLogCollector();
        var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        var server = await RegistrationServer.StartAsync(
            directory.Combine($"{DriverName}-reg.sock"), info, state, options ?? new Http2ServerOptions(), loggerFactory, timeProvider ?? TimeProvider.System, CancellationToken.None);
        return new RegistrationServerFixture(directory, server, state, logs, info);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Dispose();
    }
}
