using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Kubelet.Registration;
using Nvidia.Dra.Kubelet.Registration.Http2;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// Serves kubelet's plugin-registration API (<c>pluginregistration.Registration</c>) on a Unix socket in kubelet's
/// plugin registry directory.
/// </summary>
/// <remarks>
/// kubelet dials this socket with the raw path, so grpc-go sends the percent-encoded socket path as <c>:authority</c>,
/// which Kestrel rejects. This server is a small managed HTTP/2 (h2c, prior knowledge) server for unary gRPC that
/// accepts any authority.
/// </remarks>
public sealed class RegistrationServer : IAsyncDisposable
{
    // kubelet dials one connection per call; a backlog of 512 absorbs bursts while the accept loop catches up.
    private const int ListenBacklog = 512;

    private readonly Http2Server server;
    private readonly ILogger logger;
    private int disposed;

    private RegistrationServer(string socketPath, Http2Server server, ILogger logger)
    {
        SocketPath = socketPath;
        this.server = server;
        this.logger = logger;
    }

    /// <summary>Gets the absolute path of the socket the server listens on.</summary>
    public string SocketPath { get; }

    /// <summary>Gets the number of connections held now (tests check the limits).</summary>
    internal int ConnectionCount => server.ConnectionCount;

    /// <summary>
    /// Removes a stale file at <paramref name="socketPath"/>, binds the socket and starts serving
    /// <c>GetInfo</c> and <c>NotifyRegistrationStatus</c>.
    /// </summary>
    /// <param name="socketPath">The socket path, for example <c>/var/lib/kubelet/plugins_registry/gpu.nvidia.com-reg.sock</c>; its directory must exist.</param>
    /// <param name="info">What <c>GetInfo</c> answers.</param>
    /// <param name="state">Where <c>NotifyRegistrationStatus</c> records kubelet's verdict.</param>
    /// <param name="loggerFactory">The logger factory; none logs nothing.</param>
    /// <param name="timeProvider">The clock for status timestamps and connection timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop listening and remove the socket file.</returns>
    /// <exception cref="SocketPathTooLongException">The path is longer than Unix sockets allow.</exception>
    /// <exception cref="KubeletException">The directory does not exist, the path is a directory, or the socket cannot be bound.</exception>
    public static Task<RegistrationServer> StartAsync(
        string socketPath,
        PluginRegistrationInfo info,
        RegistrationState state,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(socketPath, info, state, new Http2ServerOptions(), loggerFactory, timeProvider, cancellationToken);

    /// <summary>Starts the server with explicit HTTP/2 limits (tests use small ones).</summary>
    internal static Task<RegistrationServer> StartAsync(
        string socketPath,
        PluginRegistrationInfo info,
        RegistrationState state,
        Http2ServerOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(state);
        info.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RegistrationServer>();
        timeProvider ??= TimeProvider.System;
        var path = Path.GetFullPath(socketPath);
        SocketPathTooLongException.ThrowIfTooLong(path);

        var listener = UnixSocketListener.Bind(path, ListenBacklog, logger);
        var service = new RegistrationService(info, state, logger, timeProvider);
        var server = Http2Server.Start(listener, path, service.Methods, options, logger, timeProvider);
        logger.RegistrationServerStarted(path, info.DriverName, info.DraEndpoint);
        return Task.FromResult(new RegistrationServer(path, server, logger));
    }

    /// <summary>Stops listening, closes every connection and deletes the socket file.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await server.DisposeAsync().ConfigureAwait(false);
        UnixSocketListener.TryDelete(SocketPath);
        logger.RegistrationServerStopped(SocketPath);
    }
}
