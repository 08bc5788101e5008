using Microsoft.Extensions.Logging;

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
    private RegistrationServer(string socketPath)
    {
        SocketPath = socketPath;
    }

    /// <summary>Gets the absolute path of the socket the server listens on.</summary>
    public string SocketPath { get; }

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
    /// <exception cref="KubeletException">The directory does not exist or the socket cannot be bound.</exception>
    public static Task<RegistrationServer> StartAsync(
        string socketPath,
        PluginRegistrationInfo info,
        RegistrationState state,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(state);
        info.Validate();
        _ = loggerFactory;
        _ = timeProvider;
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotSupportedException("The registration server is being built.");
    }

    /// <summary>Stops listening, closes every connection and deletes the socket file.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public ValueTask DisposeAsync()
    {
        _ = SocketPath;
        return ValueTask.CompletedTask;
    }
}
