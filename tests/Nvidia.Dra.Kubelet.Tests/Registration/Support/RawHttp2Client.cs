using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

namespace Nvidia.Dra.Kubelet.Tests.Registration.Support;

/// <summary>A received frame.</summary>
public sealed record RawFrame(byte Type, byte Flags, int StreamId, byte[] Payload)
{
    public const byte Data = 0, Headers = 1, RstStream = 3, Settings = 4, Ping = 6, GoAway = 7, WindowUpdate = 8, Continuation = 9;

    public uint ErrorCode => Type switch
    {
        GoAway => BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(4)),
        RstStream => BinaryPrimitives.ReadUInt32BigEndian(Payload),
        _ => throw new InvalidOperationException($"frame type {Type} carries no error code"),
    };
}

/// <summary>
/// A deliberately bare HTTP/2 client over a Unix socket: it writes whatever frames a test asks for, valid or not,
/// and reads the server's frames one by one.
/// </summary>
public sealed class RawHttp2Client : IAsyncDisposable
{
    public static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket socket;
    private readonly NetworkStream stream;

    private RawHttp2Client(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawHttp2Client> ConnectAsync(string socketPath)
    {
        // A full listen backlog answers EAGAIN on Unix sockets; a real client (grpc-go) retries, and so does this one.
        for (var attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                return new RawHttp2Client(socket);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock && attempt < 200)
            {
                socket.Dispose();
                await Task.Delay(10);
            }
        }
    }

    /// <summary>Connects and sends the preface with an empty SETTINGS frame.</summary>
    public static async Task<RawHttp2Client> ConnectAndHandshakeAsync(string socketPath)
    {
        var client = await ConnectAsync(socketPath);
        await client.HandshakeAsync();
        return client;
    }

    /// <summary>Sends the preface and a SETTINGS frame (empty unless settings are given).</summary>
    public async Task HandshakeAsync(params (ushort Id, uint Value)[] settings)
    {
        await WriteRawAsync(Preface);
        var payload = new byte[settings.Length * 6];
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan((i * 6) + 2), settings[i].Value);
        }

        await SendFrameAsync(RawFrame.Settings, 0, 0, payload);
    }

    public Task WriteRawAsync(byte[] octets) => stream.WriteAsync(octets).AsTask();

    public async Task SendFrameAsync(byte type, byte flags, int streamId, byte[] payload, int? declaredLength = null)
    {
        var frame = new byte[9 + payload.Length];
        var length = declaredLength ?? payload.Length;
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (uint)streamId);
        payload.CopyTo(frame, 9);
        await WriteRawAsync(frame);
    }

    /// <summary>Encodes request headers for a gRPC call (literals without indexing).</summary>
    internal static byte[] RequestHeaders(string path, string authority = "localhost", string method = "POST", string contentType = "application/grpc")
    {
        var block = new ArrayBufferWriter<byte>();
        HpackEncoder.WriteLiteral(block, ":method", method);
        HpackEncoder.WriteLiteral(block, ":scheme", "http");
        HpackEncoder.WriteLiteral(block, ":path", path);
        HpackEncoder.WriteLiteral(block, ":authority", authority);
        HpackEncoder.WriteLiteral(block, "content-type", contentType);
        HpackEncoder.WriteLiteral(block, "te", "trailers");
        return block.WrittenSpan.ToArray();
    }

    /// <summary>Sends a whole unary call: HEADERS, then one DATA frame with the framed message and END_STREAM.</summary>
    public async Task SendUnaryAsync(int streamId, string path, byte[] message, string authority = "localhost")
    {
        await SendFrameAsync(RawFrame.Headers, 0x4, streamId, RequestHeaders(path, authority));
        await SendFrameAsync(RawFrame.Data, 0x1, streamId, CurlGrpc.Frame(message));
    }

    /// <summary>Reads the next frame, or null at end of stream.</summary>
    public async Task<RawFrame?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var header = new byte[9];
        int read;
        try
        {
            read = await stream.ReadAtLeastAsync(header, 9, throwOnEndOfStream: false, timeout.Token);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A server that closes with our unread octets still queued resets the connection: closed all the same.
            return null;
        }

        if (read < 9)
        {
            return null;
        }

        var length = (header[0] << 16) | (header[1] << 8) | header[2];
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        return new RawFrame(header[3], header[4], (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7fffffff), payload);
    }

    /// <summary>Reads frames until one matches, or end of stream (null).</summary>
    public async Task<RawFrame?> ReadUntilAsync(Func<RawFrame, bool> match, List<RawFrame>? seen = null)
    {
        while (await ReadFrameAsync() is { } frame)
        {
            seen?.Add(frame);
            if (match(frame))
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>Reads until GOAWAY and then end of stream: the server must both say why and close.</summary>
    public async Task<RawFrame> ExpectGoAwayAndCloseAsync()
    {
        var goAway = await ReadUntilAsync(f => f.Type == RawFrame.GoAway);
        goAway.Should().NotBeNull("the server ends a broken connection with GOAWAY");
        (await ReadUntilAsync(_ => false)).Should().BeNull();
        return goAway!;
    }

    /// <summary>Reads a unary response on a stream: headers, data and trailers decoded with the product's decoder.</summary>
    internal async Task<(List<HeaderField> Headers, byte[] Data)> ReadResponseAsync(int streamId, List<RawFrame>? seen = null)
    {
        var decoder = new HpackDecoder();
        var headers = new List<HeaderField>();
        var data = new List<byte>();
        while (await ReadFrameAsync() is { } frame)
        {
            seen?.Add(frame);
            if (frame.StreamId != streamId)
            {
                continue;
            }

            if (frame.Type == RawFrame.Headers)
            {
                decoder.Decode(frame.Payload, headers);
            }
            else if (frame.Type == RawFrame.Data)
            {
                data.AddRange(frame.Payload);
            }
            else if (frame.Type == RawFrame.RstStream)
            {
                throw new InvalidOperationException($"stream {streamId} reset with {frame.ErrorCode}");
            }

            if ((frame.Flags & 0x1) != 0 && frame.Type is RawFrame.Headers or RawFrame.Data)
            {
                return (headers, data.ToArray());
            }
        }

        throw new EndOfStreamException("connection closed before the response ended");
    }

    public void ShutdownSend() => socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync() => await stream.DisposeAsync();
}
