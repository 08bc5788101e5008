using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Kubelet.Diagnostics;
using Nvidia.Dra.Kubelet.Registration.Protos;
using V1 = Nvidia.Dra.Kubelet.Protocol.V1;

namespace Nvidia.Dra.Kubelet.Health;

/// <summary>
/// Checks the plugin as kubelet would reach it: a <c>GetInfo</c> on the registration socket (answering this driver's
/// name) and an empty <c>NodePrepareResources</c> on the DRA socket (answered without the serialisation lock, so it
/// does not wait behind a long prepare), plus kubelet's last registration verdict.
/// </summary>
internal sealed class HealthProbe : IAsyncDisposable
{
    private static readonly Method<InfoRequest, PluginInfo> GetInfo = new(
        MethodType.Unary,
        "pluginregistration.Registration",
        "GetInfo",
        Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), InfoRequest.Parser.ParseFrom),
        Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), PluginInfo.Parser.ParseFrom));

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private readonly GrpcChannel dra;
    private readonly GrpcChannel registration;
    private readonly string driverName;
    private readonly string draSocket;
    private readonly string registrationSocket;
    private readonly RegistrationState state;
    private readonly ResourceSliceController? slices;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    public HealthProbe(string driverName, string draSocket, string registrationSocket, RegistrationState state, ResourceSliceController? slices, ILogger logger, TimeProvider time)
    {
        this.slices = slices;
        this.time = time;
        this.driverName = driverName;
        this.draSocket = draSocket;
        this.registrationSocket = registrationSocket;
        this.state = state;
        this.logger = logger;
        dra = SocketChannels.Create(draSocket);
        registration = SocketChannels.Create(registrationSocket);
    }

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var draTask = ProbeDraAsync(cancellationToken);
        var registrationTask = ProbeRegistrationAsync(cancellationToken);
        return new HealthReport(await draTask.ConfigureAwait(false), await registrationTask.ConfigureAwait(false), state.Current)
        {
            Slices = slices?.Status,
        };
    }

    public async ValueTask DisposeAsync()
    {
        dra.Dispose();
        registration.Dispose();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async Task<string?> ProbeDraAsync(CancellationToken cancellationToken)
    {
        try
        {
            await new V1.DRAPlugin.DRAPluginClient(dra).NodePrepareResourcesAsync(new V1.NodePrepareResourcesRequest(), deadline: time.GetUtcNow().UtcDateTime.Add(CallTimeout), cancellationToken: cancellationToken);
            return null;
        }
        catch (RpcException ex)
        {
            return Failed(draSocket, $"{ex.StatusCode}: {ex.Status.Detail}");
        }
    }

    private async Task<string?> ProbeRegistrationAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await registration.CreateCallInvoker().AsyncUnaryCall(GetInfo, null, new CallOptions(deadline: time.GetUtcNow().UtcDateTime.Add(CallTimeout), cancellationToken: cancellationToken), new InfoRequest());
            return info.Name == driverName ? null : Failed(registrationSocket, $"GetInfo answered driver '{info.Name}', expected '{driverName}'");
        }
        catch (RpcException ex)
        {
            return Failed(registrationSocket, $"{ex.StatusCode}: {ex.Status.Detail}");
        }
    }

    private string Failed(string socket, string reason)
    {
        HostLog.HealthProbeFailed(logger, socket, reason);
        return reason;
    }
}
