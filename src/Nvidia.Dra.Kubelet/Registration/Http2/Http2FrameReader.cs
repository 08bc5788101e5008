namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// Reads the client connection preface and whole frames from a stream into one reused buffer. A payload is valid
/// until the next read.
/// </summary>
internal sealed class Http2FrameReader
{
    /// <summary>The client connection preface (RFC 9113 §3.4).</summary>
    public static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    private readonly Stream stream;
    private readonly int maxFrameSize;
    private readonly byte[] header = new byte[Http2FrameHeader.Size];
    private readonly byte[] payload;

    /// <param name="stream">The connection.</param>
    /// <param name="maxFrameSize">The SETTINGS_MAX_FRAME_SIZE we advertised; larger frames are FRAME_SIZE_ERROR.</param>
    public Http2FrameReader(Stream stream, int maxFrameSize)
    {
        this.stream = stream;
        this.maxFrameSize = maxFrameSize;
        payload = new byte[maxFrameSize];
    }

    /// <summary>Reads and checks the preface.</summary>
    /// <returns><see langword="false"/> when the peer closed before sending anything.</returns>
    /// <exception cref="Http2ConnectionException">The peer sent something else (for example HTTP/1.1).</exception>
    public async ValueTask<bool> ReadPrefaceAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[Preface.Length];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        if (read < buffer.Length || !buffer.AsSpan().SequenceEqual(Preface))
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "Invalid connection preface: this socket speaks HTTP/2 with prior knowledge (h2c) only.");
        }

        return true;
    }

    /// <summary>Reads the next frame.</summary>
    /// <returns>The header and payload, or <see langword="null"/> when the peer closed the connection between frames.</returns>
    /// <exception cref="Http2ConnectionException">A truncated or oversized frame.</exception>
    public async ValueTask<(Http2FrameHeader Header, ReadOnlyMemory<byte> Payload)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"Truncated frame header ({read} of {Http2FrameHeader.Size} octets).");
        }

        var frame = Http2FrameHeader.Read(header);
        if (frame.Length > maxFrameSize)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"{frame.Type} frame of {frame.Length} octets exceeds SETTINGS_MAX_FRAME_SIZE {maxFrameSize}.");
        }

        read = await stream.ReadAtLeastAsync(payload.AsMemory(0, frame.Length), frame.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < frame.Length)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"Truncated {frame.Type} frame ({read} of {frame.Length} payload octets).");
        }

        return (frame, payload.AsMemory(0, frame.Length));
    }
}
