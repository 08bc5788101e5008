using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Kubelet.Registration.Grpc;
using Nvidia.Dra.Kubelet.Registration.Protos;

namespace Nvidia.Dra.Kubelet.Registration;

/// <summary>
/// <c>pluginregistration.Registration</c>, as the Go kubeletplugin helper implements it: GetInfo describes the
/// plugin; NotifyRegistrationStatus records kubelet's verdict and answers an error when kubelet did not register the
/// plugin, so that the failure shows in kubelet's log too.
/// </summary>
internal sealed class RegistrationService
{
    public const string GetInfoPath = "/pluginregistration.Registration/GetInfo";
    public const string NotifyRegistrationStatusPath = "/pluginregistration.Registration/NotifyRegistrationStatus";

    private readonly PluginRegistrationInfo info;
    private readonly RegistrationState state;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly byte[] pluginInfo;

    public RegistrationService(PluginRegistrationInfo info, RegistrationState state, ILogger logger, TimeProvider timeProvider)
    {
        this.info = info;
        this.state = state;
        this.logger = logger;
        this.timeProvider = timeProvider;

        var message = new PluginInfo { Type = PluginRegistrationInfo.DraPluginType, Name = info.DriverName, Endpoint = info.DraEndpoint };
        message.SupportedVersions.AddRange(info.SupportedVersions);
        pluginInfo = message.ToByteArray();
    }

    /// <summary>Gets the methods by their HTTP/2 <c>:path</c>.</summary>
    public IReadOnlyDictionary<string, GrpcUnaryHandler> Methods => new Dictionary<string, GrpcUnaryHandler>(StringComparer.Ordinal)
    {
        [GetInfoPath] = GetInfo,
        [NotifyRegistrationStatusPath] = NotifyRegistrationStatus,
    };

    private ValueTask<GrpcUnaryResult> GetInfo(ReadOnlyMemory<byte> request, GrpcCallContext context, CancellationToken cancellationToken)
    {
        if (!TryParse(InfoRequest.Parser, request, out InfoRequest _, out var error))
        {
            return ValueTask.FromResult(error);
        }

        logger.GetInfoServed(context.ConnectionId, context.Authority);
        return ValueTask.FromResult(GrpcUnaryResult.Ok(pluginInfo));
    }

    private ValueTask<GrpcUnaryResult> NotifyRegistrationStatus(ReadOnlyMemory<byte> request, GrpcCallContext context, CancellationToken cancellationToken)
    {
        if (!TryParse(RegistrationStatus.Parser, request, out RegistrationStatus status, out var error))
        {
            return ValueTask.FromResult(error);
        }

        try
        {
            state.Record(status.PluginRegistered, status.Error, timeProvider.GetUtcNow());
        }
#pragma warning disable CA1031 // A host's handler must not turn kubelet's verdict into a failed call (kubelet would retry).
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The status itself is recorded before handlers run.
            logger.StatusHandlerFailed(e);
        }

        if (status.PluginRegistered)
        {
            logger.RegistrationAccepted(info.DriverName);
            return ValueTask.FromResult(GrpcUnaryResult.Ok(new RegistrationStatusResponse().ToByteArray()));
        }

        logger.RegistrationRejected(info.DriverName, status.Error);

        // The Go helper returns a plain error here, which grpc-go sends as UNKNOWN.
        return ValueTask.FromResult(GrpcUnaryResult.Error(GrpcStatusCode.Unknown, $"failed registration process: {status.Error}"));
    }

    private static bool TryParse<T>(MessageParser<T> parser, ReadOnlyMemory<byte> request, out T message, out GrpcUnaryResult error)
        where T : class, IMessage<T>
    {
        try
        {
            message = parser.ParseFrom(request.Span);
            error = default;
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            message = default!;
            error = GrpcUnaryResult.Error(GrpcStatusCode.Internal, $"cannot parse {typeof(T).Name}: {e.Message}");
            return false;
        }
    }
}
