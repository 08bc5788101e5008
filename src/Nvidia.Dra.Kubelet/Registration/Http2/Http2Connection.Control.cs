using System.Buffers.Binary;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>Connection-level and control frames: SETTINGS, PING, GOAWAY, PRIORITY, RST_STREAM, WINDOW_UPDATE.</summary>
internal sealed partial class Http2Connection
{
    private async ValueTask OnSettingsAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "SETTINGS on a stream.");
        }

        if (header.HasFlag(Http2Flags.Ack))
        {
            if (header.Length != 0)
            {
                throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "SETTINGS ACK with a payload.");
            }

            return;
        }

        if (header.Length % 6 != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"SETTINGS payload of {header.Length} octets is not a multiple of 6.");
        }

        for (var offset = 0; offset < payload.Length; offset += 6)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(payload.Span[offset..]);
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload.Span[(offset + 2)..]);
            ApplySetting(id, value);
        }

        await writer!.WriteSettingsAckAsync(cancellationToken).ConfigureAwait(false);
        SignalWindowChanged();
    }

    private void ApplySetting(ushort id, uint value)
    {
        switch (id)
        {
            case Http2SettingId.EnablePush when value > 1:
                throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"SETTINGS_ENABLE_PUSH {value} is not 0 or 1.");
            case Http2SettingId.InitialWindowSize:
                if (value > MaxWindow)
                {
                    throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE {value} exceeds 2^31-1.");
                }

                lock (flowLock)
                {
                    // The change applies to every open stream's window (RFC 9113 §6.9.2).
                    var delta = (int)value - peerInitialWindow;
                    peerInitialWindow = (int)value;
                    lock (streams)
                    {
                        foreach (var stream in streams.Values)
                        {
                            stream.SendWindow += delta;
                            if (stream.SendWindow > MaxWindow)
                            {
                                throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE overflows the window of stream {stream.Id}.");
                            }
                        }
                    }
                }

                break;
            case Http2SettingId.MaxFrameSize:
                if (value is < 16_384 or > 16_777_215)
                {
                    throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"SETTINGS_MAX_FRAME_SIZE {value} is outside 16384..16777215.");
                }

                writer!.PeerMaxFrameSize = (int)value;
                break;
            default:
                // HEADER_TABLE_SIZE: our encoder never uses the dynamic table. MAX_CONCURRENT_STREAMS: we never push.
                // MAX_HEADER_LIST_SIZE: our responses are a few fields. Unknown settings are ignored (§6.5.2).
                break;
        }
    }

    private async ValueTask OnPingAsync(Http2FrameHeader header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "PING on a stream.");
        }

        if (header.Length != 8)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"PING payload of {header.Length} octets, not 8.");
        }

        if (!header.HasFlag(Http2Flags.Ack))
        {
            await writer!.WritePingAckAsync(payload.ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask OnGoAway(Http2FrameHeader header)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "GOAWAY on a stream.");
        }

        if (header.Length < 8)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"GOAWAY payload of {header.Length} octets, fewer than 8.");
        }

        goAwayReceived = true;
        return ValueTask.CompletedTask;
    }

    private ValueTask OnPriority(Http2FrameHeader header)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "PRIORITY on stream 0.");
        }

        if (header.Length != 5)
        {
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.FrameSizeError, $"PRIORITY payload of {header.Length} octets, not 5.");
        }

        // Priorities are advisory (RFC 9113 §5.3.2 deprecates them); unary calls have nothing to schedule.
        return ValueTask.CompletedTask;
    }

    private ValueTask OnRstStream(Http2FrameHeader header, ReadOnlyMemory<byte> payload)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "RST_STREAM on stream 0.");
        }

        if (header.Length != 4)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"RST_STREAM payload of {header.Length} octets, not 4.");
        }

        ThrowIfIdle(header);
        var errorCode = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload.Span);
        discardingStreams.Remove(header.StreamId);
        if (RemoveStream(header.StreamId) is { } stream)
        {
            logger.StreamReset(Id, header.StreamId, errorCode, "reset by the peer");
            stream.Cancel();
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnWindowUpdate(Http2FrameHeader header, ReadOnlyMemory<byte> payload)
    {
        if (header.Length != 4)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"WINDOW_UPDATE payload of {header.Length} octets, not 4.");
        }

        var increment = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload.Span) & 0x7fffffffu);
        if (header.StreamId == 0)
        {
            if (increment == 0)
            {
                throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE with increment 0 on the connection.");
            }

            lock (flowLock)
            {
                connectionSendWindow += increment;
                if (connectionSendWindow > MaxWindow)
                {
                    throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, "WINDOW_UPDATE overflows the connection window.");
                }
            }
        }
        else
        {
            ThrowIfIdle(header);
            var stream = FindStream(header.StreamId);
            if (stream is null)
            {
                // A stream we already finished: the update may have crossed our END_STREAM (RFC 9113 §6.9).
                return ValueTask.CompletedTask;
            }

            if (increment == 0)
            {
                throw new Http2StreamException(header.StreamId, Http2ErrorCode.ProtocolError, "WINDOW_UPDATE with increment 0.");
            }

            lock (flowLock)
            {
                stream.SendWindow += increment;
                if (stream.SendWindow > MaxWindow)
                {
                    throw new Http2StreamException(header.StreamId, Http2ErrorCode.FlowControlError, "WINDOW_UPDATE overflows the stream window.");
                }
            }
        }

        SignalWindowChanged();
        return ValueTask.CompletedTask;
    }
}
