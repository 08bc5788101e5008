using Google.Protobuf;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Kubelet.Tests.Registration.Support;

namespace Nvidia.Dra.Kubelet.Tests.Registration;

/// <summary>
/// The registration socket as kubelet sees it, through curl (nghttp2): every :authority form kubelet's grpc-go can
/// send must be answered.
/// </summary>
public sealed class RegistrationOverCurlTests
{
    private const string GetInfo = "/pluginregistration.Registration/GetInfo";
    private const string Notify = "/pluginregistration.Registration/NotifyRegistrationStatus";

    public enum AuthorityForm
    {
        Localhost,
        PercentEncodedPath,
        RawPath,
    }

    [CurlTheory]
    [InlineData(AuthorityForm.Localhost)]
    [InlineData(AuthorityForm.PercentEncodedPath)]
    [InlineData(AuthorityForm.RawPath)]
    public async Task GetInfo_answers_the_plugin_info_whatever_the_authority(AuthorityForm form)
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        var authority = form switch
        {
            AuthorityForm.Localhost => null,
            AuthorityForm.PercentEncodedPath => Uri.EscapeDataString(fixture.SocketPath),
            _ => fixture.SocketPath,
        };

        var result = await CurlGrpc.CallAsync(fixture.SocketPath, GetInfo, new InfoRequest().ToByteArray(), authority);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.HttpStatus.Should().Be(200);
        result.Headers["content-type"].Should().Be("application/grpc");
        result.GrpcStatus.Should().Be(0);
        var info = PluginInfo.Parser.ParseFrom(result.Message);
        info.Type.Should().Be("DRAPlugin");
        info.Name.Should().Be(RegistrationServerFixture.DriverName);
        info.Endpoint.Should().Be(fixture.Info.DraEndpoint);
        info.SupportedVersions.Should().Equal("v1.DRAPlugin", "v1beta1.DRAPlugin");

        // The server saw the authority curl was told to send.
        var expectedAuthority = authority ?? "localhost";
        fixture.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == KubeletEventIds.GetInfoServed && r.Message.Contains(expectedAuthority, StringComparison.Ordinal));
    }

    [CurlFact]
    public async Task NotifyRegistrationStatus_true_records_registered()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        RegistrationStatusSnapshot? raised = null;
        fixture.State.Changed += snapshot => raised = snapshot;
        fixture.State.Current.UpdatedAt.Should().BeNull("kubelet has not called yet");

        var result = await CurlGrpc.CallAsync(fixture.SocketPath, Notify, new RegistrationStatus { PluginRegistered = true }.ToByteArray(), Uri.EscapeDataString(fixture.SocketPath));

        result.GrpcStatus.Should().Be(0, result.Stderr);
        result.Message.Should().BeEmpty("RegistrationStatusResponse has no fields");
        fixture.State.Current.Registered.Should().BeTrue();
        fixture.State.Current.Error.Should().BeNull();
        fixture.State.Current.UpdatedAt.Should().NotBeNull();
        raised.Should().Be(fixture.State.Current);
    }

    [CurlFact]
    public async Task NotifyRegistrationStatus_false_records_the_error_and_answers_an_error()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();

        var result = await CurlGrpc.CallAsync(fixture.SocketPath, Notify, new RegistrationStatus { PluginRegistered = false, Error = "no supported version: v9 ünknown" }.ToByteArray());

        result.HttpStatus.Should().Be(200);
        result.GrpcStatus.Should().Be(2, "the Go helper's plain error reaches kubelet as UNKNOWN");
        Uri.UnescapeDataString(result.GrpcMessage!).Should().Be("failed registration process: no supported version: v9 ünknown");
        result.Message.Should().BeNull("an error is a trailers-only response");
        fixture.State.Current.Registered.Should().BeFalse();
        fixture.State.Current.Error.Should().Be("no supported version: v9 ünknown");
        fixture.State.Current.UpdatedAt.Should().NotBeNull();
    }

    [CurlFact]
    public async Task Unknown_method_answers_unimplemented()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();

        var result = await CurlGrpc.CallAsync(fixture.SocketPath, "/pluginregistration.Registration/Nope", []);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.HttpStatus.Should().Be(200);
        result.GrpcStatus.Should().Be(12);
        result.GrpcMessage.Should().Contain("Nope");
    }

    [CurlFact]
    public async Task Message_over_4_MiB_answers_resource_exhausted_and_the_server_keeps_serving()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        var huge = new RegistrationStatus { Error = new string('x', (4 * 1024 * 1024) + 10) }.ToByteArray();

        var result = await CurlGrpc.CallAsync(fixture.SocketPath, Notify, huge);

        result.GrpcStatus.Should().Be(8, result.Stderr);
        fixture.State.Current.UpdatedAt.Should().BeNull("the oversized call never reached the service");

        var next = await CurlGrpc.CallAsync(fixture.SocketPath, GetInfo, []);
        next.GrpcStatus.Should().Be(0, next.Stderr);
    }

    [CurlFact]
    public async Task Unparseable_message_answers_internal()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();

        var result = await CurlGrpc.CallAsync(fixture.SocketPath, Notify, [0xff, 0xff, 0xff]);

        result.GrpcStatus.Should().Be(13, result.Stderr);
        fixture.State.Current.UpdatedAt.Should().BeNull();
    }
}
