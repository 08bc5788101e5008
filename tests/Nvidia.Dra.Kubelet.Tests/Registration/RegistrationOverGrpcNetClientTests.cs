using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Kubelet.Tests.Registration.Support;

namespace Nvidia.Dra.Kubelet.Tests.Registration;

/// <summary>The registration socket through the .NET gRPC client (SocketsHttpHandler over the Unix socket).</summary>
public sealed class RegistrationOverGrpcNetClientTests
{
    private static readonly Method<InfoRequest, PluginInfo> GetInfo = new(
        MethodType.Unary, "pluginregistration.Registration", "GetInfo", Marshaller(InfoRequest.Parser), Marshaller(PluginInfo.Parser));

    private static readonly Method<RegistrationStatus, RegistrationStatusResponse> Notify = new(
        MethodType.Unary, "pluginregistration.Registration", "NotifyRegistrationStatus", Marshaller(RegistrationStatus.Parser), Marshaller(RegistrationStatusResponse.Parser));

    private static readonly Method<InfoRequest, PluginInfo> Unknown = new(
        MethodType.Unary, "pluginregistration.Registration", "GetInfoV2", Marshaller(InfoRequest.Parser), Marshaller(PluginInfo.Parser));

    [Fact]
    public async Task GetInfo_NotifyRegistrationStatus_and_an_unknown_method()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        using var channel = Connect(fixture.SocketPath);
        var invoker = channel.CreateCallInvoker();

        var info = await invoker.AsyncUnaryCall(GetInfo, null, default, new InfoRequest());
        info.Type.Should().Be("DRAPlugin");
        info.Endpoint.Should().Be(fixture.Info.DraEndpoint);
        info.SupportedVersions.Should().Equal("v1.DRAPlugin", "v1beta1.DRAPlugin");

        await invoker.AsyncUnaryCall(Notify, null, default, new RegistrationStatus { PluginRegistered = true });
        fixture.State.Current.Registered.Should().BeTrue();

        var rejected = () => invoker.AsyncUnaryCall(Notify, null, default, new RegistrationStatus { Error = "version mismatch" }).ResponseAsync;
        (await rejected.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.Unknown, "failed registration process: version mismatch"));
        fixture.State.Current.Should().BeEquivalentTo(new { Registered = false, Error = "version mismatch" });

        var unknown = () => invoker.AsyncUnaryCall(Unknown, null, default, new InfoRequest()).ResponseAsync;
        (await unknown.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }

    [Fact]
    public async Task A_throwing_status_handler_does_not_fail_kubelets_call()
    {
        await using var fixture = await RegistrationServerFixture.StartAsync();
        fixture.State.Changed += _ => throw new InvalidOperationException("handler bug");
        using var channel = Connect(fixture.SocketPath);

        await channel.CreateCallInvoker().AsyncUnaryCall(Notify, null, default, new RegistrationStatus { PluginRegistered = true });

        fixture.State.Current.Registered.Should().BeTrue();
        fixture.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == KubeletEventIds.StatusHandlerFailed && r.Exception is InvalidOperationException);
    }

    private static GrpcChannel Connect(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }

    private static Marshaller<T> Marshaller<T>(MessageParser<T> parser)
        where T : class, IMessage<T> => Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
}
