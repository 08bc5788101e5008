using Nvidia.Dra.Kubelet.Registration.Http2;
using Nvidia.Dra.Kubelet.Tests.Registration.Support;

namespace Nvidia.Dra.Kubelet.Tests.Registration;

/// <summary>
/// Broken or hostile clients: each gets a GOAWAY naming the error and a closed connection, and the server goes on
/// serving the next client.
/// </summary>
public sealed class Http2HostileInputTests
{
    private const string GetInfo = "/pluginregistration.Registration/GetInfo";

    [Fact]
    public async Task A_bad_preface_gets_goaway_protocol_error()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using (var client = await RawHttp2Client.ConnectAsync(fixture.SocketPath))
        {
            await client.WriteRawAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
            (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.ProtocolError);
        }

        await AssertStillServesAsync(fixture);
    }

    [Fact]
    public async Task A_first_frame_other_than_settings_gets_goaway_protocol_error()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAsync(fixture.SocketPath);
        await client.WriteRawAsync(RawHttp2Client.Preface);
        await client.SendFrameAsync(RawFrame.Ping, 0, 0, new byte[8]);

        (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_truncated_frame_gets_goaway_protocol_error()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using (var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath))
        {

            // A HEADERS frame that announces 100 octets, then 10 octets and end of stream.
            await client.SendFrameAsync(RawFrame.Headers, 0x4, 1, new byte[10], declaredLength: 100);
            client.ShutdownSend();

            (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.ProtocolError);
        }

        await AssertStillServesAsync(fixture);
    }

    [Fact]
    public async Task A_truncated_frame_header_gets_goaway_protocol_error()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);
        await client.WriteRawAsync([0, 0, 5, 1]);
        client.ShutdownSend();

        (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_frame_over_the_max_frame_size_gets_goaway_frame_size_error()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        await client.SendFrameAsync(RawFrame.Data, 0, 1, new byte[16_385]);

        (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.FrameSizeError);
    }

    [Theory]
    [InlineData("80", "index 0")]
    [InlineData("ff", "truncated integer")]
    [InlineData("0085f2b24a87", "bad Huffman padding")]
    [InlineData("c8", "dynamic index into an empty table")]
    public async Task A_header_block_that_fails_hpack_decoding_gets_goaway_compression_error(string hex, string because)
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using (var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath))
        {
            await client.SendFrameAsync(RawFrame.Headers, 0x4 | 0x1, 1, Convert.FromHexString(hex));

            (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.CompressionError, because);
        }

        await AssertStillServesAsync(fixture);
    }

    [Theory]
    [InlineData(RawFrame.Continuation, 0x4, 1, "", "CONTINUATION without HEADERS")]
    [InlineData(RawFrame.Data, 0x1, 0, "", "DATA on stream 0")]
    [InlineData(RawFrame.Data, 0x1, 7, "", "DATA on an idle stream")]
    [InlineData(RawFrame.Headers, 0x4, 2, "82", "HEADERS on an even stream")]
    [InlineData(RawFrame.Settings, 0, 0, "0000", "SETTINGS not a multiple of 6")]
    [InlineData(RawFrame.Settings, 0, 0, "000500000001", "SETTINGS_MAX_FRAME_SIZE 1")]
    [InlineData(RawFrame.Settings, 0, 0, "000480000000", "SETTINGS_INITIAL_WINDOW_SIZE 2^31")]
    [InlineData(RawFrame.Ping, 0, 0, "0102", "PING of 2 octets")]
    [InlineData(RawFrame.WindowUpdate, 0, 0, "00000000", "WINDOW_UPDATE of 0 on the connection")]
    [InlineData(RawFrame.WindowUpdate, 0, 0, "7fffffff", "connection window overflow")]
    [InlineData(RawFrame.RstStream, 0, 0, "00000008", "RST_STREAM on stream 0")]
    [InlineData(5, 0x4, 1, "0000000282", "PUSH_PROMISE from a client")]
    [InlineData(RawFrame.Data, 0x9, 1, "05", "DATA padding longer than the payload")]
    public async Task Frames_that_break_the_protocol_get_goaway(byte type, byte flags, int streamId, string payloadHex, string because)
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);
        if (type == RawFrame.Data && streamId == 1)
        {
            await client.SendFrameAsync(RawFrame.Headers, 0x4, 1, RawHttp2Client.RequestHeaders(GetInfo));
        }

        await client.SendFrameAsync(type, flags, streamId, Convert.FromHexString(payloadHex));

        (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().NotBe((uint)Http2ErrorCode.NoError, because);
    }

    [Fact]
    public async Task A_frame_interrupting_a_header_block_gets_goaway()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        await client.SendFrameAsync(RawFrame.Headers, 0, 1, RawHttp2Client.RequestHeaders(GetInfo)[..4]);
        await client.SendFrameAsync(RawFrame.Ping, 0, 0, new byte[8]);

        (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be((uint)Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task An_endless_continuation_run_is_cut_off()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);

        await client.SendFrameAsync(RawFrame.Headers, 0, 1, RawHttp2Client.RequestHeaders(GetInfo));
        var goAway = Task.Run(client.ExpectGoAwayAndCloseAsync);
        try
        {
            for (var i = 0; i < 10 && !goAway.IsCompleted; i++)
            {
                await client.SendFrameAsync(RawFrame.Continuation, 0, 1, new byte[16_000]);
            }
        }
        catch (IOException)
        {
            // The server closed while we were still writing.
        }

        (await goAway).ErrorCode.Should().Be((uint)Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task A_thousand_idle_connections_do_not_lock_out_a_real_client()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        var idle = new List<RawHttp2Client>();
        try
        {
            // Half send nothing, half complete the handshake and then sit idle.
            for (var i = 0; i < 1000; i++)
            {
                var client = await RawHttp2Client.ConnectAsync(fixture.SocketPath);
                if (i % 2 == 1)
                {
                    await client.HandshakeAsync();
                }

                idle.Add(client);
            }

            var call = AssertStillServesAsync(fixture);
            (await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(call, "a call must get through within 30 s");
            await call;

            // Evicted connections leave as soon as their GOAWAY is written; the count settles at the limit.
            var limit = new Http2ServerOptions().MaxConnections;
            for (var i = 0; i < 100 && fixture.Server.ConnectionCount > limit; i++)
            {
                await Task.Delay(50);
            }

            fixture.Server.ConnectionCount.Should().BeLessThanOrEqualTo(limit);
        }
        finally
        {
            foreach (var client in idle)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Idle_and_silent_connections_are_closed_after_their_timeouts()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var fixture = await RegistrationServerFixture.StartAsync(new Http2ServerOptions(), time);
        await using var silent = await RawHttp2Client.ConnectAsync(fixture.SocketPath);
        await using var idle = await RawHttp2Client.ConnectAsync(fixture.SocketPath);
        await idle.HandshakeAsync();
        await idle.ReadUntilAsync(f => f.Type == RawFrame.Settings && (f.Flags & 0x1) != 0);

        var silentEnd = silent.ReadUntilAsync(_ => false);
        await AdvanceUntilAsync(time, new Http2ServerOptions().HandshakeTimeout + TimeSpan.FromSeconds(1), silentEnd);
        (await silentEnd).Should().BeNull("a connection without a preface is closed after the handshake timeout");

        var idleEnd = idle.ExpectGoAwayAndCloseAsync();
        await AdvanceUntilAsync(time, new Http2ServerOptions().IdleTimeout, idleEnd);
        (await idleEnd).ErrorCode.Should().Be((uint)Http2ErrorCode.NoError);
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> until <paramref name="outcome"/> completes (at most 10 s of real
    /// time): the server arms a connection's timer when its accept loop gets to it, which on a loaded machine can be
    /// after the test's first advance, and a timer armed after an advance would otherwise never fire.
    /// </summary>
    private static async Task AdvanceUntilAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan step, Task outcome)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!outcome.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(step);
            await Task.WhenAny(outcome, Task.Delay(100));
        }
    }

    private static async Task AssertStillServesAsync(RegistrationServerFixture fixture)
    {
        await using var client = await RawHttp2Client.ConnectAndHandshakeAsync(fixture.SocketPath);
        await client.SendUnaryAsync(1, GetInfo, []);
        var (headers, _) = await client.ReadResponseAsync(1);
        headers.Should().Contain(h => h.Name == "grpc-status" && h.Value == "0");
    }
}
