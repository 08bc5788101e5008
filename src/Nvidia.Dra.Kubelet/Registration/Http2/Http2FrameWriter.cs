using System.Buffers;
using System.Buffers.Binary;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// Writes frames to the connection, one at a time (frames of different streams may interleave, but never a frame's
/// octets, nor a HEADERS frame and its CONTINUATIONs). A write that does not finish within the write timeout aborts
/// the connection, so a peer that stops reading cannot hold the server.
/// </summary>
internal sealed class Http2FrameWriter : IDisposable
{
    private readonly Stream stream;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ITimer watchdog;
    private readonly TimeSpan writeTimeout;

    /// <param name="stream">The connection.</param>
    /// <param name="timeProvider">The clock for the write timeout.</param>
    /// <param name="writeTimeout">How long one write may block.</param>
    /// <param name="onWriteTimeout">Aborts the connection (closing the socket ends the blocked write).</param>
    public Http2FrameWriter(Stream stream, TimeProvider timeProvider, TimeSpan writeTimeout, Action onWriteTimeout)
    {
        this.stream = stream;
        this.writeTimeout = writeTimeout;
        watchdog = timeProvider.CreateTimer(_ => onWriteTimeout(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets or sets the peer's SETTINGS_MAX_FRAME_SIZE (at least 16,384).</summary>
    public int PeerMaxFrameSize { get; set; } = 16_384;

    public ValueTask WriteSettingsAsync(IReadOnlyList<(ushort Id, uint Value)> settings, CancellationToken cancellationToken)
    {
        var payload = new byte[settings.Count * 6];
        for (var i = 0; i < settings.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(i * 6 + 2), settings[i].Value);
        }

        return WriteFrameAsync(new(payload.Length, Http2FrameType.Settings, 0, 0), payload, cancellationToken);
    }

    public ValueTask WriteSettingsAckAsync(CancellationToken cancellationToken) =>
        WriteFrameAsync(new(0, Http2FrameType.Settings, Http2Flags.Ack, 0), ReadOnlyMemory<byte>.Empty, cancellationToken);

    public ValueTask WritePingAckAsync(ReadOnlyMemory<byte> opaqueData, CancellationToken cancellationToken) =>
        WriteFrameAsync(new(8, Http2FrameType.Ping, Http2Flags.Ack, 0), opaqueData, cancellationToken);

    public ValueTask WriteWindowUpdateAsync(int streamId, int increment, CancellationToken cancellationToken)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
        return WriteFrameAsync(new(4, Http2FrameType.WindowUpdate, 0, streamId), payload, cancellationToken);
    }

    public ValueTask WriteRstStreamAsync(int streamId, Http2ErrorCode errorCode, CancellationToken cancellationToken)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)errorCode);
        return WriteFrameAsync(new(4, Http2FrameType.RstStream, 0, streamId), payload, cancellationToken);
    }

    public ValueTask WriteGoAwayAsync(int lastStreamId, Http2ErrorCode errorCode, string debugData, CancellationToken cancellationToken)
    {
        // Debug data helps whoever reads a packet capture; keep it short.
        var debug = System.Text.Encoding.UTF8.GetBytes(debugData.Length > 256 ? debugData[..256] : debugData);
        var payload = new byte[8 + debug.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)errorCode);
        debug.CopyTo(payload.AsSpan(8));
        return WriteFrameAsync(new(payload.Length, Http2FrameType.GoAway, 0, 0), payload, cancellationToken);
    }

    /// <summary>Writes a header block as HEADERS plus as many CONTINUATION frames as the peer's frame size needs.</summary>
    public async ValueTask WriteHeadersAsync(int streamId, ReadOnlyMemory<byte> block, bool endStream, CancellationToken cancellationToken)
    {
        var maxFrame = PeerMaxFrameSize;
        var buffer = new ArrayBufferWriter<byte>(block.Length + (Http2FrameHeader.Size * (1 + block.Length / maxFrame)));
        var remaining = block;
        var type = Http2FrameType.Headers;
        do
        {
            var chunk = remaining[..Math.Min(remaining.Length, maxFrame)];
            remaining = remaining[chunk.Length..];
            var flags = (byte)((remaining.IsEmpty ? Http2Flags.EndHeaders : 0) | (type == Http2FrameType.Headers && endStream ? Http2Flags.EndStream : 0));
            new Http2FrameHeader(chunk.Length, type, flags, streamId).Write(buffer.GetSpan(Http2FrameHeader.Size));
            buffer.Advance(Http2FrameHeader.Size);
            buffer.Write(chunk.Span);
            type = Http2FrameType.Continuation;
        }
        while (!remaining.IsEmpty);

        await WriteRawAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one DATA frame; the caller has taken the flow-control window and kept within the frame size.</summary>
    public ValueTask WriteDataAsync(int streamId, ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken) =>
        WriteFrameAsync(new(data.Length, Http2FrameType.Data, endStream ? Http2Flags.EndStream : (byte)0, streamId), data, cancellationToken);

    // The gate is not disposed: a SemaphoreSlim without a wait handle holds nothing, and a handler may still be
    // leaving it when the connection ends.
    public void Dispose() => watchdog.Dispose();

    private async ValueTask WriteFrameAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var buffer = new byte[Http2FrameHeader.Size + payload.Length];
        header.Write(buffer);
        payload.CopyTo(buffer.AsMemory(Http2FrameHeader.Size));
        await WriteRawAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteRawAsync(ReadOnlyMemory<byte> octets, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            watchdog.Change(writeTimeout, Timeout.InfiniteTimeSpan);
            await stream.WriteAsync(octets, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The connection ended while this write was blocked.
            }

            gate.Release();
        }
    }
}
