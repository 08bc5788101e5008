using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Kubelet.Registration.Grpc;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// Accepts connections on a listening socket and runs each as an <see cref="Http2Connection"/>. At most
/// <see cref="Http2ServerOptions.MaxConnections"/> are held: past the limit the longest-idle connection without a
/// stream in progress is closed, so that a client hoarding idle connections cannot lock kubelet out.
/// </summary>
internal sealed class Http2Server : IAsyncDisposable
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Socket listener;
    private readonly string endpointName;
    private readonly IReadOnlyDictionary<string, GrpcUnaryHandler> methods;
    private readonly Http2ServerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly ConcurrentDictionary<long, (Http2Connection Connection, Task Run)> connections = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private long nextConnectionId;

    private Http2Server(Socket listener, string endpointName, IReadOnlyDictionary<string, GrpcUnaryHandler> methods, Http2ServerOptions options, ILogger logger, TimeProvider timeProvider)
    {
        this.listener = listener;
        this.endpointName = endpointName;
        this.methods = methods;
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider;
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the number of connections held now.</summary>
    public int ConnectionCount => connections.Count;

    /// <summary>Starts serving a socket that is already bound and listening; the server owns it from now on.</summary>
    public static Http2Server Start(Socket listener, string endpointName, IReadOnlyDictionary<string, GrpcUnaryHandler> methods, Http2ServerOptions options, ILogger logger, TimeProvider timeProvider) =>
        new(listener, endpointName, methods, options, logger, timeProvider);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await acceptLoop.ConfigureAwait(false);

        foreach (var (connection, _) in connections.Values)
        {
            connection.Close(Http2CloseReason.ServerStopping);
        }

        // Each connection sends GOAWAY within its write timeout at worst, then closes.
        await Task.WhenAll(connections.Values.Select(entry => entry.Run)).ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // For example EMFILE: back off instead of spinning, the condition may clear.
                logger.AcceptFailed(e, endpointName);
                try
                {
                    await Task.Delay(AcceptRetryDelay, timeProvider, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var id = Interlocked.Increment(ref nextConnectionId);
            if (!MakeRoom())
            {
                // Every held connection has a call in progress: refuse this one rather than exceed the limit.
                logger.ConnectionEvicted(id, connections.Count, options.MaxConnections);
                socket.Dispose();
                continue;
            }

            var connection = new Http2Connection(id, socket, methods, options, logger, timeProvider);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = RunConnectionAsync(connection, started.Task);
            connections[id] = (connection, run);
            started.SetResult();
            logger.ConnectionAccepted(id, connections.Count);
        }
    }

    private async Task RunConnectionAsync(Http2Connection connection, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await Task.Run(connection.RunAsync).ConfigureAwait(false);
        }
        finally
        {
            connections.TryRemove(connection.Id, out _);
        }
    }

    /// <summary>Before a new connection is added at the limit, closes the longest-idle connection that has no stream.</summary>
    /// <returns><see langword="false"/> when no connection could be closed.</returns>
    private bool MakeRoom()
    {
        var open = connections.Values.Where(entry => !entry.Connection.IsClosing).Select(entry => entry.Connection).ToList();
        if (open.Count < options.MaxConnections)
        {
            return true;
        }

        var victim = open.Where(c => c.ActiveStreams == 0).MinBy(c => c.LastActivity);
        if (victim is null)
        {
            return false;
        }

        logger.ConnectionEvicted(victim.Id, open.Count, options.MaxConnections);
        victim.Close(Http2CloseReason.Evicted);
        return true;
    }
}
