using System.Buffers.Binary;
using Google.Protobuf;
using Nvidia.Dra.Kubelet.Registration.Http2;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Kubelet.Tests.Registration.Support;

namespace Nvidia.Dra.Kubelet.Tests.Registration;

/// <summary>The HTTP/2 server's protocol handling, driven frame by frame.</summary>
public sealed class Http2ProtocolTests
{
    private const string GetInfo = "/pluginregistration.Registration/GetInfo";

    [Fact]
    public async Task Server_sends_its_settings_and_acknowledges_the_clients()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        var frames = new List<RawFrame>();
        await client.ReadUntilAsync(f => f.Type == RawFrame.Settings && (f.Flags & 0x1) != 0, frames);

        var settings = frames.First(f => f.Type == RawFrame.Settings && f.Flags == 0);
        var values = Enumerable.Range(0, settings.Payload.Length / 6)
            .ToDictionary(i => BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i * 6)), i => BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan((i * 6) + 2)));
        values[Http2SettingId.MaxConcurrentStreams].Should().Be(16);
        values[Http2SettingId.MaxHeaderListSize].Should().Be(16 * 1024);
    }

    [Fact]
    public async Task Ping_is_answered_with_the_same_payload()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);
        byte[] opaque = [1, 2, 3, 4, 5, 6, 7, 8];

        await client.SendFrameAsync(RawFrame.Ping, 0, 0, opaque);

        var ack = await client.ReadUntilAsync(f => f.Type == RawFrame.Ping);
        ack!.Flags.Should().Be(0x1);
        ack.Payload.Should().Equal(opaque);
    }

    [Fact]
    public async Task A_header_block_split_over_continuation_frames_with_padding_is_served()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);
        var block = RawHttp2Client.RequestHeaders(GetInfo, authority: "%2Fvar%2Flib%2Fkubelet%2Fplugins_registry%2Fgpu-reg.sock");
        var third = block.Length / 3;

        // HEADERS with 4 octets of padding and the priority fields, then two CONTINUATIONs.
        byte[] padded = [4, 0, 0, 0, 0, 16, .. block[..third], 0, 0, 0, 0];
        await client.SendFrameAsync(RawFrame.Headers, 0x8 | 0x20, 1, padded);
        await client.SendFrameAsync(RawFrame.Continuation, 0, 1, block[third..(2 * third)]);
        await client.SendFrameAsync(RawFrame.Continuation, 0x4, 1, block[(2 * third)..]);
        await client.SendFrameAsync(RawFrame.Data, 0x1, 1, CurlGrpc.Frame([]));

        var (headers, data) = await client.ReadResponseAsync(1);

        headers.Should().Contain(h => h.Name == ":status" && h.Value == "200");
        headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
        PluginInfo.Parser.ParseFrom(data.AsSpan(5)).Name.Should().Be(RegistrationServerFixture.DriverName);
    }

    [Fact]
    public async Task Several_calls_share_one_connection()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        await client.SendUnaryAsync(1, GetInfo, []);
        var first = await client.ReadResponseAsync(1);
        await client.SendUnaryAsync(3, "/pluginregistration.Registration/NotifyRegistrationStatus", new RegistrationStatus { PluginRegistered = true }.ToByteArray());
        var second = await client.ReadResponseAsync(3);

        first.Headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
        second.Headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
        fixture.State.Current.Registered.Should().BeTrue();
    }

    [Fact]
    public async Task Response_data_waits_for_the_peers_flow_control_window()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAsync(fixture.SocketPath);

        // Initial stream window 0: the server may send HEADERS but no DATA until it gets credit.
        await client.HandshakeAsync((Http2SettingId.InitialWindowSize, 0));
        await client.SendUnaryAsync(1, GetInfo, []);
        var responseHeaders = await client.ReadUntilAsync(f => f.Type == RawFrame.Headers || f.Type == RawFrame.Data);
        responseHeaders!.Type.Should().Be(RawFrame.Headers, "no DATA may precede the window update");

        // 10 octets of credit at a time: DATA arrives in frames of at most 10 octets.
        var frames = new List<RawFrame>();
        var data = new List<byte>();
        while (true)
        {
            await client.SendFrameAsync(RawFrame.WindowUpdate, 0, 1, [0, 0, 0, 10]);
            var frame = await client.ReadUntilAsync(f => f.StreamId == 1 && f.Type is RawFrame.Data or RawFrame.Headers, frames);
            if (frame!.Type == RawFrame.Headers)
            {
                break;
            }

            frame.Payload.Length.Should().BeLessThanOrEqualTo(10);
            data.AddRange(frame.Payload);
        }

        frames.Count(f => f.Type == RawFrame.Data).Should().BeGreaterThan(1);
        PluginInfo.Parser.ParseFrom(data.ToArray().AsSpan(5)).Endpoint.Should().Be(fixture.Info.DraEndpoint);
    }

    [Fact]
    public async Task Streams_beyond_the_concurrency_limit_are_refused()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        // 16 streams stay open (no END_STREAM); the 17th is refused.
        for (var i = 0; i < 17; i++)
        {
            await client.SendFrameAsync(RawFrame.Headers, 0x4, (2 * i) + 1, RawHttp2Client.RequestHeaders(GetInfo));
        }

        var reset = await client.ReadUntilAsync(f => f.Type == RawFrame.RstStream);
        reset!.StreamId.Should().Be(33);
        reset.ErrorCode.Should().Be((uint)Http2ErrorCode.RefusedStream);

        // The open ones still complete.
        await client.SendFrameAsync(RawFrame.Data, 0x1, 1, CurlGrpc.Frame([]));
        var (headers, _) = await client.ReadResponseAsync(1);
        headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
    }

    [Fact]
    public async Task A_stream_reset_by_the_client_leaves_the_connection_usable()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        await client.SendFrameAsync(RawFrame.Headers, 0x4, 1, RawHttp2Client.RequestHeaders(GetInfo));
        await client.SendFrameAsync(RawFrame.RstStream, 0, 1, [0, 0, 0, 8]);
        await client.SendUnaryAsync(3, GetInfo, []);

        var (headers, _) = await client.ReadResponseAsync(3);
        headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
    }

    [Theory]
    [InlineData("GET", "application/grpc", "405")]
    [InlineData("POST", "text/plain", "415")]
    public async Task Requests_that_are_not_grpc_get_an_http_error(string method, string contentType, string status)
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        await client.SendFrameAsync(RawFrame.Headers, 0x4 | 0x1, 1, RawHttp2Client.RequestHeaders(GetInfo, method: method, contentType: contentType));

        var (headers, _) = await client.ReadResponseAsync(1);
        headers.Should().ContainSingle().Which.Should().Be(new Nvidia.Dra.Kubelet.Registration.Http2.Hpack.HeaderField(":status", status));
    }

    [Fact]
    public async Task A_malformed_request_resets_only_its_stream()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        // Upper-case header name: malformed (RFC 9113 §8.2.1).
        byte[] block = [.. RawHttp2Client.RequestHeaders(GetInfo), 0x00, 0x01, (byte)'X', 0x01, (byte)'y'];
        await client.SendFrameAsync(RawFrame.Headers, 0x4 | 0x1, 1, block);
        var reset = await client.ReadUntilAsync(f => f.Type == RawFrame.RstStream);
        reset!.ErrorCode.Should().Be((uint)Http2ErrorCode.ProtocolError);

        await client.SendUnaryAsync(3, GetInfo, []);
        var (headers, _) = await client.ReadResponseAsync(3);
        headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
    }

    [Fact]
    public async Task Headers_on_a_finished_stream_reset_that_stream_only()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);
        await client.SendUnaryAsync(1, GetInfo, []);
        await client.ReadResponseAsync(1);

        await client.SendFrameAsync(RawFrame.Headers, 0x4 | 0x1, 1, RawHttp2Client.RequestHeaders(GetInfo));
        var reset = await client.ReadUntilAsync(f => f.Type == RawFrame.RstStream);
        reset!.StreamId.Should().Be(1);
        reset.ErrorCode.Should().Be((uint)Http2ErrorCode.StreamClosed);

        await client.SendUnaryAsync(3, GetInfo, []);
        var (headers, _) = await client.ReadResponseAsync(3);
        headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
    }
}
