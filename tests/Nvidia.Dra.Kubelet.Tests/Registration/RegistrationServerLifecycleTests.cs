using System.Net.Sockets;
using Nvidia.Dra.Kubelet.Tests.Registration.Support;

namespace Nvidia.Dra.Kubelet.Tests.Registration;

public sealed class RegistrationServerLifecycleTests
{
    private static readonly PluginRegistrationInfo Info = new("gpu.example.com", "/var/lib/kubelet/plugins/gpu.example.com/dra.sock", ["v1.DRAPlugin", "v1beta1.DRAPlugin"]);

    [Fact]
    public async Task Start_replaces_a_stale_socket_file_and_dispose_removes_the_socket()
    {
        using var directory = new SocketDirectory();
        var path = directory.Combine("gpu-reg.sock");

        // A socket file left by a crashed run: bound, then its owner gone. .NET unlinks the files of sockets it
        // disposes, so the file is moved aside while the socket closes and put back afterwards.
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(path));
            File.Move(path, path + ".aside");
        }

        File.Move(path + ".aside", path);

        File.Exists(path).Should().BeTrue();

        var server = await RegistrationServer.StartAsync(path, Info, new RegistrationState());
        server.SocketPath.Should().Be(path);
        await using (var client = await RawHttp2Client.ConnectAsync(path))
        {
            await client.HandshakeAsync();
            (await client.ReadFrameAsync())!.Type.Should().Be(RawFrame.Settings);
        }

        await server.DisposeAsync();
        File.Exists(path).Should().BeFalse();
        var connect = () => RawHttp2Client.ConnectAsync(path);
        await connect.Should().ThrowAsync<SocketException>();

        // A second dispose is harmless; a restart on the same path works.
        await server.DisposeAsync();
        await using var restarted = await RegistrationServer.StartAsync(path, Info, new RegistrationState());
        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public async Task Dispose_closes_open_connections_with_goaway()
    {
        using var directory = new SocketDirectory();
        var server = await RegistrationServer.StartAsync(directory.Combine("reg.sock"), Info, new RegistrationState());
        await using var client = await RawHttp2Client.ConnectAsync(server.SocketPath);
        await client.HandshakeAsync();
        await client.ReadUntilAsync(f => f.Type == RawFrame.Settings && (f.Flags & 0x1) != 0);

        await server.DisposeAsync();

        (await client.ExpectGoAwayAndCloseAsync()).ErrorCode.Should().Be(0);
    }

    [Fact]
    public async Task A_socket_path_over_108_bytes_throws_naming_the_path_and_the_limit()
    {
        using var directory = new SocketDirectory();
        var path = directory.Combine(new string('r', 120) + "-reg.sock");

        var start = () => RegistrationServer.StartAsync(path, Info, new RegistrationState());

        var thrown = (await start.Should().ThrowAsync<SocketPathTooLongException>()).Which;
        thrown.SocketPath.Should().Be(path);
        thrown.Message.Should().Contain(path).And.Contain("107");
        thrown.Should().BeAssignableTo<KubeletException>();
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task A_missing_directory_throws_naming_it()
    {
        var path = "/tmp/kreg-does-not-exist-" + Guid.NewGuid().ToString("N")[..8] + "/reg.sock";

        var start = () => RegistrationServer.StartAsync(path, Info, new RegistrationState());

        (await start.Should().ThrowAsync<KubeletException>()).Which.Message.Should().Contain(Path.GetDirectoryName(path)!);
    }

    [Theory]
    [InlineData("", "/abs/dra.sock", "DriverName")]
    [InlineData("gpu.example.com", "relative/dra.sock", "DraEndpoint")]
    [InlineData("gpu.example.com", "/abs/dra.sock", "SupportedVersions")]
    public async Task Invalid_info_is_rejected_before_binding(string driver, string endpoint, string field)
    {
        using var directory = new SocketDirectory();
        var info = new PluginRegistrationInfo(driver, endpoint, field == "SupportedVersions" ? [] : ["v1.DRAPlugin"]);

        var start = () => RegistrationServer.StartAsync(directory.Combine("reg.sock"), info, new RegistrationState());

        (await start.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(field);
        File.Exists(directory.Combine("reg.sock")).Should().BeFalse();
    }

    [Fact]
    public void Registration_state_starts_uncalled_and_records_thread_safely()
    {
        var state = new RegistrationState();
        state.Current.Should().Be(new RegistrationStatusSnapshot(false, null, null));
        var seen = 0;
        state.Changed += _ => Interlocked.Increment(ref seen);

        Parallel.For(0, 100, i => state.Record(i % 2 == 0, i % 2 == 0 ? null : "nope", DateTimeOffset.UnixEpoch.AddSeconds(i)));

        seen.Should().Be(100);
        state.Current.UpdatedAt.Should().NotBeNull();
        state.Current.Error.Should().Be(state.Current.Registered ? null : "nope", "each snapshot is recorded whole");
    }
}
