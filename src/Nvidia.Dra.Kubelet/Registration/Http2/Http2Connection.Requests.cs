using Nvidia.Dra.Kubelet.Registration.Grpc;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>The request side: HEADERS, CONTINUATION and DATA, receive flow control and message-size limits.</summary>
internal sealed partial class Http2Connection
{
    private async ValueTask OnHeadersAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (header.StreamId == 0 || header.StreamId % 2 == 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"HEADERS on stream {header.StreamId}: clients open odd-numbered streams.");
        }

        var fragment = RemovePadding(header, payload);
        if (header.HasFlag(Http2Flags.Priority))
        {
            if (fragment.Length < 5)
            {
                throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "HEADERS with PRIORITY shorter than its priority fields.");
            }

            fragment = fragment[5..];
        }

        if (header.HasFlag(Http2Flags.EndHeaders))
        {
            await OnHeaderBlockAsync(header.StreamId, header.HasFlag(Http2Flags.EndStream), fragment, cancellationToken).ConfigureAwait(false);
            return;
        }

        pendingHeadersStreamId = header.StreamId;
        pendingHeadersEndStream = header.HasFlag(Http2Flags.EndStream);
        pendingHeaderBlock = new MemoryStream();
        AppendHeaderFragment(fragment.Span);
    }

    private async ValueTask OnContinuationAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (pendingHeaderBlock is null)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"CONTINUATION on stream {header.StreamId} without a HEADERS frame before it.");
        }

        AppendHeaderFragment(payload.Span);
        if (header.HasFlag(Http2Flags.EndHeaders))
        {
            var block = pendingHeaderBlock;
            pendingHeaderBlock = null;
            using (block)
            {
                await OnHeaderBlockAsync(pendingHeadersStreamId, pendingHeadersEndStream, block.GetBuffer().AsMemory(0, (int)block.Length), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void AppendHeaderFragment(ReadOnlySpan<byte> fragment)
    {
        if (pendingHeaderBlock!.Length + fragment.Length > options.MaxHeaderBlockSize)
        {
            // A never-ending CONTINUATION run would otherwise grow without bound (the 2024 "CONTINUATION flood").
            throw new Http2ConnectionException(Http2ErrorCode.EnhanceYourCalm, $"Header block larger than {options.MaxHeaderBlockSize} octets.");
        }

        pendingHeaderBlock.Write(fragment);
    }

    private async ValueTask OnHeaderBlockAsync(int streamId, bool endStream, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        // Decode first, always: the dynamic table is shared by every stream, even refused ones.
        decodedHeaders.Clear();
        var withinLimit = decoder.Decode(block.Span, decodedHeaders);

        if (FindStream(streamId) is { } existing)
        {
            // A second header block on an open stream is the request's trailers: it must end the stream.
            if (existing.RequestComplete || !endStream)
            {
                throw new Http2StreamException(streamId, existing.RequestComplete ? Http2ErrorCode.StreamClosed : Http2ErrorCode.ProtocolError, "Header block after the request headers that does not end the stream.");
            }

            CompleteRequest(existing);
            return;
        }

        if (streamId <= lastStreamId)
        {
            if (discardingStreams.Contains(streamId) && endStream)
            {
                // Trailers ending a request we already answered (too large).
                discardingStreams.Remove(streamId);
                return;
            }

            // RFC 9113 §5.1 allows a connection error; a stream error is enough, and kinder to a peer whose stream we
            // reset while its frames were in flight.
            throw new Http2StreamException(streamId, Http2ErrorCode.StreamClosed, $"HEADERS on closed stream {streamId}.");
        }

        lastStreamId = streamId;
        if (goAwayReceived || IsClosing || ActiveStreams >= options.MaxConcurrentStreams)
        {
            await ResetStreamAsync(streamId, Http2ErrorCode.RefusedStream, $"{ActiveStreams} streams open, the limit is {options.MaxConcurrentStreams}", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!withinLimit)
        {
            throw new Http2StreamException(streamId, Http2ErrorCode.ProtocolError, $"Header list larger than SETTINGS_MAX_HEADER_LIST_SIZE {options.MaxHeaderListSize}.");
        }

        var head = Http2RequestHead.Parse(streamId, decodedHeaders);
        Http2Stream stream;
        lock (flowLock)
        {
            stream = new Http2Stream(streamId, head, peerInitialWindow, DefaultWindow, cancellationToken);
        }

        lock (streams)
        {
            streams.Add(streamId, stream);
        }

        if (endStream)
        {
            CompleteRequest(stream);
        }
    }

    private async ValueTask OnDataAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "DATA on stream 0.");
        }

        ThrowIfIdle(header);

        // The whole frame, padding included, counts against flow control (RFC 9113 §6.1).
        connectionReceiveWindow -= header.Length;
        if (connectionReceiveWindow < 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, "DATA beyond the connection's flow-control window.");
        }

        var data = RemovePadding(header, payload);
        if (header.Length > 0)
        {
            // Credit the connection back at once: a body is bounded per stream by the message-size limit instead.
            connectionReceiveWindow += header.Length;
            await writer!.WriteWindowUpdateAsync(0, header.Length, cancellationToken).ConfigureAwait(false);
        }

        if (discardingStreams.Contains(header.StreamId))
        {
            await DiscardAsync(header, cancellationToken).ConfigureAwait(false);
            return;
        }

        var stream = FindStream(header.StreamId);
        if (stream is null)
        {
            // A stream we already answered or reset: its remaining DATA is discarded.
            return;
        }

        if (stream.RequestComplete)
        {
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.StreamClosed, "DATA after END_STREAM.");
        }

        stream.ReceiveWindow -= header.Length;
        if (stream.ReceiveWindow < 0)
        {
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.FlowControlError, "DATA beyond the stream's flow-control window.");
        }

        stream.AppendBody(data.Span);
        var declared = stream.DeclaredMessageLength;
        if (declared > (uint)options.MaxMessageSize || stream.BodyLength > GrpcMessageFraming.PrefixSize + (long)options.MaxMessageSize)
        {
            // Answer now without buffering the rest. The rest of the request is still read and dropped, with flow-control
            // credit, rather than reset: RFC 9113 §8.1 allows either, and some clients (curl) report a reset upload as a
            // transport error instead of showing the gRPC status.
            RemoveStream(stream.Id);
            stream.RequestComplete = header.HasFlag(Http2Flags.EndStream);
            StartResponse(stream, GrpcUnaryResult.Error(
                GrpcStatusCode.ResourceExhausted,
                $"request message of {declared ?? (ulong)stream.BodyLength} octets is larger than the limit of {options.MaxMessageSize} octets"));
            if (!stream.RequestComplete)
            {
                if (discardingStreams.Count >= options.MaxConcurrentStreams)
                {
                    throw new Http2StreamException(header.StreamId, Http2ErrorCode.Cancel, "Too many oversized requests being discarded at once.");
                }

                discardingStreams.Add(header.StreamId);
                await DiscardAsync(header, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (header.HasFlag(Http2Flags.EndStream))
        {
            CompleteRequest(stream);
        }
        else if (header.Length > 0)
        {
            stream.ReceiveWindow += header.Length;
            await writer!.WriteWindowUpdateAsync(header.StreamId, header.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops DATA of a stream already answered, crediting its window so that the peer can finish the upload.</summary>
    private async ValueTask DiscardAsync(Http2FrameHeader header, CancellationToken cancellationToken)
    {
        if (header.HasFlag(Http2Flags.EndStream))
        {
            discardingStreams.Remove(header.StreamId);
        }
        else if (header.Length > 0)
        {
            await writer!.WriteWindowUpdateAsync(header.StreamId, header.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    private void CompleteRequest(Http2Stream stream)
    {
        stream.RequestComplete = true;
        StartResponse(stream, earlyResult: null);
    }

    private static ReadOnlyMemory<byte> RemovePadding(Http2FrameHeader header, ReadOnlyMemory<byte> payload)
    {
        if (!header.HasFlag(Http2Flags.Padded))
        {
            return payload;
        }

        if (payload.Length == 0 || payload.Span[0] >= payload.Length)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"{header.Type} padding is not shorter than the frame payload.");
        }

        return payload[1..(payload.Length - payload.Span[0])];
    }
}
