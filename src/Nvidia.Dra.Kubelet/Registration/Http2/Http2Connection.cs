using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Kubelet.Registration.Grpc;
using Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// One HTTP/2 server connection (RFC 9113, prior knowledge) serving unary gRPC calls. A single loop reads frames in
/// order; each complete request is answered on its own task so that a response waiting for flow-control credit
/// never stops the loop from reading the WINDOW_UPDATE that grants it.
/// </summary>
internal sealed partial class Http2Connection
{
    private const int DefaultWindow = 65_535;
    private const int MaxWindow = int.MaxValue;

    private readonly Socket socket;
    private readonly IReadOnlyDictionary<string, GrpcUnaryHandler> methods;
    private readonly Http2ServerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly CancellationTokenSource lifetime = new();
    private readonly Dictionary<int, Http2Stream> streams = [];
    private readonly HashSet<Task> responses = [];
    private readonly HashSet<int> discardingStreams = [];
    private readonly HpackDecoder decoder;
    private readonly List<HeaderField> decodedHeaders = [];
    private readonly object flowLock = new();

    private Http2FrameWriter? writer;
    private TaskCompletionSource windowChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long connectionSendWindow = DefaultWindow;
    private int connectionReceiveWindow = DefaultWindow;
    private int peerInitialWindow = DefaultWindow;
    private int lastStreamId;
    private bool goAwayReceived;
    private int closeReason;
    private long lastActivity;

    // A header block in progress: HEADERS without END_HEADERS, waiting for CONTINUATION frames.
    private int pendingHeadersStreamId;
    private bool pendingHeadersEndStream;
    private MemoryStream? pendingHeaderBlock;

    public Http2Connection(long id, Socket socket, IReadOnlyDictionary<string, GrpcUnaryHandler> methods, Http2ServerOptions options, ILogger logger, TimeProvider timeProvider)
    {
        Id = id;
        this.socket = socket;
        this.methods = methods;
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider;
        decoder = new HpackDecoder(options.HeaderTableSize, options.MaxHeaderListSize);
        lastActivity = timeProvider.GetTimestamp();
    }

    public long Id { get; }

    /// <summary>Gets the timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last frame received.</summary>
    public long LastActivity => Interlocked.Read(ref lastActivity);

    /// <summary>Gets the number of streams in progress.</summary>
    public int ActiveStreams
    {
        get
        {
            lock (streams)
            {
                return streams.Count;
            }
        }
    }

    /// <summary>Gets whether the connection is being closed by the server.</summary>
    public bool IsClosing => Volatile.Read(ref closeReason) != (int)Http2CloseReason.None;

    /// <summary>Asks the connection to end: the read loop stops, sends GOAWAY (NO_ERROR) when it can, and closes.</summary>
    public void Close(Http2CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref closeReason, (int)reason, (int)Http2CloseReason.None) == (int)Http2CloseReason.None)
        {
            try
            {
                lifetime.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }
    }

    /// <summary>Serves the connection until the peer leaves, a protocol error, a timeout or <see cref="Close"/>.</summary>
    public async Task RunAsync()
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var timer = timeProvider.CreateTimer(_ => Close(Http2CloseReason.IdleTimeout), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var handshakeTimer = timeProvider.CreateTimer(_ => Close(Http2CloseReason.HandshakeTimeout), null, options.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        writer = new Http2FrameWriter(stream, timeProvider, options.WriteTimeout, Abort);
        var outcome = "peer closed the connection";
        try
        {
            var token = lifetime.Token;
            var reader = new Http2FrameReader(stream, options.MaxFrameSize);
            if (!await reader.ReadPrefaceAsync(token).ConfigureAwait(false))
            {
                outcome = "peer closed before the preface";
                return;
            }

            await writer.WriteSettingsAsync(
                [
                    (Http2SettingId.MaxConcurrentStreams, (uint)options.MaxConcurrentStreams),
                    (Http2SettingId.MaxHeaderListSize, (uint)options.MaxHeaderListSize),
                ],
                token).ConfigureAwait(false);

            var first = true;
            while (true)
            {
                var frame = await reader.ReadFrameAsync(token).ConfigureAwait(false);
                if (frame is null)
                {
                    break;
                }

                var (header, payload) = frame.Value;
                if (first)
                {
                    // The preface ends with the client's SETTINGS (RFC 9113 §3.4).
                    if (header.Type != Http2FrameType.Settings || header.HasFlag(Http2Flags.Ack))
                    {
                        throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"The first frame after the preface is {header.Type}, not SETTINGS.");
                    }

                    first = false;
                    handshakeTimer.Dispose();
                }

                Interlocked.Exchange(ref lastActivity, timeProvider.GetTimestamp());
                timer.Change(options.IdleTimeout, Timeout.InfiniteTimeSpan);
                try
                {
                    await ProcessFrameAsync(header, payload, token).ConfigureAwait(false);
                }
                catch (Http2StreamException e)
                {
                    await ResetStreamAsync(e.StreamId, e.ErrorCode, e.Message, token).ConfigureAwait(false);
                }

                if (goAwayReceived && ActiveStreams == 0)
                {
                    outcome = "peer sent GOAWAY";
                    break;
                }
            }
        }
        catch (Http2ConnectionException e)
        {
            outcome = e.Message;
            logger.ConnectionProtocolError(Id, e.ErrorCode, e.Message);
            await TryGoAwayAsync(e.ErrorCode, e.Message).ConfigureAwait(false);
        }
        catch (HpackDecodingException e)
        {
            outcome = e.Message;
            logger.ConnectionProtocolError(Id, Http2ErrorCode.CompressionError, e.Message);
            await TryGoAwayAsync(Http2ErrorCode.CompressionError, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Either the server ended the connection on purpose (the cancelled read may surface as any of these), or
            // the peer went away.
            var reason = (Http2CloseReason)Volatile.Read(ref closeReason);
            outcome = reason == Http2CloseReason.None ? e.Message : reason.ToString();
            if (reason is Http2CloseReason.HandshakeTimeout or Http2CloseReason.IdleTimeout)
            {
                logger.ConnectionTimedOut(Id, outcome);
            }

            if (reason is not Http2CloseReason.None and not Http2CloseReason.WriteTimeout)
            {
                await TryGoAwayAsync(Http2ErrorCode.NoError, outcome).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // One broken connection must never take the registration server down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = "internal error";
            logger.ConnectionFailed(e, Id);
            await TryGoAwayAsync(Http2ErrorCode.InternalError, "internal error").ConfigureAwait(false);
        }
        finally
        {
            Close(Http2CloseReason.ServerStopping);
            timer.Dispose();
            handshakeTimer.Dispose();
            await DrainResponsesAsync().ConfigureAwait(false);
            DisposeUnfinishedStreams();
            await stream.DisposeAsync().ConfigureAwait(false);
            writer.Dispose();
            lifetime.Dispose();
            pendingHeaderBlock?.Dispose();
            logger.ConnectionClosed(Id, outcome);
        }
    }

    /// <summary>Closes the socket at once: a write blocked on a peer that stopped reading ends with an error.</summary>
    private void Abort()
    {
        Close(Http2CloseReason.WriteTimeout);
        logger.ConnectionTimedOut(Id, "a write blocked longer than the write timeout");
        socket.Dispose();
    }

    private async Task TryGoAwayAsync(Http2ErrorCode errorCode, string reason)
    {
        try
        {
            // Not the lifetime token: it is already cancelled when the server closes the connection on purpose. The
            // writer's watchdog bounds the write.
            await writer!.WriteGoAwayAsync(Volatile.Read(ref lastStreamId), errorCode, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone; nothing to tell it.
        }
    }

    private async Task DrainResponsesAsync()
    {
        Task[] pending;
        lock (responses)
        {
            pending = [.. responses];
        }

        // The lifetime token is cancelled: handlers and flow-control waits end promptly.
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>Releases streams whose request never ended (no response task owns them).</summary>
    private void DisposeUnfinishedStreams()
    {
        lock (streams)
        {
            foreach (var stream in streams.Values)
            {
                stream.Dispose();
            }

            streams.Clear();
        }
    }

    private ValueTask ProcessFrameAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (pendingHeaderBlock is not null && (header.Type != Http2FrameType.Continuation || header.StreamId != pendingHeadersStreamId))
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"{header.Type} frame on stream {header.StreamId} inside the header block of stream {pendingHeadersStreamId} (CONTINUATION expected).");
        }

        return header.Type switch
        {
            Http2FrameType.Data => OnDataAsync(header, payload, cancellationToken),
            Http2FrameType.Headers => OnHeadersAsync(header, payload, cancellationToken),
            Http2FrameType.Continuation => OnContinuationAsync(header, payload, cancellationToken),
            Http2FrameType.Priority => OnPriority(header),
            Http2FrameType.RstStream => OnRstStream(header, payload),
            Http2FrameType.Settings => OnSettingsAsync(header, payload, cancellationToken),
            Http2FrameType.PushPromise => throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "A client cannot send PUSH_PROMISE."),
            Http2FrameType.Ping => OnPingAsync(header, payload, cancellationToken),
            Http2FrameType.GoAway => OnGoAway(header),
            Http2FrameType.WindowUpdate => OnWindowUpdate(header, payload),

            // Unknown frame types are ignored (RFC 9113 §4.1, §5.5).
            _ => ValueTask.CompletedTask,
        };
    }

    /// <summary>Frames other than HEADERS and PRIORITY on a stream the client never opened are a connection error (§5.1).</summary>
    private void ThrowIfIdle(Http2FrameHeader header)
    {
        if (header.StreamId > lastStreamId)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"{header.Type} on idle stream {header.StreamId}.");
        }
    }

    private async ValueTask ResetStreamAsync(int streamId, Http2ErrorCode errorCode, string reason, CancellationToken cancellationToken)
    {
        logger.StreamReset(Id, streamId, errorCode, reason);
        discardingStreams.Remove(streamId);
        RemoveStream(streamId)?.Cancel();
        await writer!.WriteRstStreamAsync(streamId, errorCode, cancellationToken).ConfigureAwait(false);
    }

    private Http2Stream? FindStream(int streamId)
    {
        lock (streams)
        {
            return streams.GetValueOrDefault(streamId);
        }
    }

    private Http2Stream? RemoveStream(int streamId)
    {
        lock (streams)
        {
            return streams.Remove(streamId, out var stream) ? stream : null;
        }
    }

    private void SignalWindowChanged()
    {
        TaskCompletionSource previous;
        lock (flowLock)
        {
            previous = windowChanged;
            windowChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
