using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Kubelet;

/// <summary>Source-generated log messages of plugin registration and its HTTP/2 server (event ids 5000–5199).</summary>
internal static partial class RegistrationLog
{
    [LoggerMessage(EventId = KubeletEventIds.RegistrationServerStarted, EventName = nameof(KubeletEventIds.RegistrationServerStarted), Level = LogLevel.Information, Message = "Registration socket {SocketPath} is listening for kubelet (driver {DriverName}, DRA endpoint {DraEndpoint})")]
    public static partial void RegistrationServerStarted(this ILogger logger, string socketPath, string driverName, string draEndpoint);

    [LoggerMessage(EventId = KubeletEventIds.RegistrationServerStopped, EventName = nameof(KubeletEventIds.RegistrationServerStopped), Level = LogLevel.Information, Message = "Registration socket {SocketPath} closed and removed")]
    public static partial void RegistrationServerStopped(this ILogger logger, string socketPath);

    [LoggerMessage(EventId = KubeletEventIds.StaleSocketRemoved, EventName = nameof(KubeletEventIds.StaleSocketRemoved), Level = LogLevel.Information, Message = "Removed stale file at registration socket path {SocketPath} (left by an earlier run)")]
    public static partial void StaleSocketRemoved(this ILogger logger, string socketPath);

    [LoggerMessage(EventId = KubeletEventIds.GetInfoServed, EventName = nameof(KubeletEventIds.GetInfoServed), Level = LogLevel.Debug, Message = "GetInfo answered on connection {ConnectionId} (:authority {Authority})")]
    public static partial void GetInfoServed(this ILogger logger, long connectionId, string? authority);

    [LoggerMessage(EventId = KubeletEventIds.RegistrationAccepted, EventName = nameof(KubeletEventIds.RegistrationAccepted), Level = LogLevel.Information, Message = "kubelet registered plugin {DriverName}")]
    public static partial void RegistrationAccepted(this ILogger logger, string driverName);

    [LoggerMessage(EventId = KubeletEventIds.RegistrationRejected, EventName = nameof(KubeletEventIds.RegistrationRejected), Level = LogLevel.Error, Message = "kubelet rejected plugin {DriverName}: {Error}; it retries registration from scratch (check the advertised versions and endpoint)")]
    public static partial void RegistrationRejected(this ILogger logger, string driverName, string error);

    [LoggerMessage(EventId = KubeletEventIds.UnknownMethod, EventName = nameof(KubeletEventIds.UnknownMethod), Level = LogLevel.Warning, Message = "Connection {ConnectionId} stream {StreamId} called {Path}, which the registration socket does not serve (UNIMPLEMENTED)")]
    public static partial void UnknownMethod(this ILogger logger, long connectionId, int streamId, string path);

    [LoggerMessage(EventId = KubeletEventIds.CallFailed, EventName = nameof(KubeletEventIds.CallFailed), Level = LogLevel.Warning, Message = "Connection {ConnectionId} stream {StreamId} {Path} answered with gRPC status {Status}: {Detail}")]
    public static partial void CallFailed(this ILogger logger, long connectionId, int streamId, string path, int status, string? detail);

    [LoggerMessage(EventId = KubeletEventIds.StatusHandlerFailed, EventName = nameof(KubeletEventIds.StatusHandlerFailed), Level = LogLevel.Error, Message = "A RegistrationState.Changed handler threw; the status is recorded and kubelet gets its normal answer")]
    public static partial void StatusHandlerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = KubeletEventIds.ConnectionAccepted, EventName = nameof(KubeletEventIds.ConnectionAccepted), Level = LogLevel.Debug, Message = "Connection {ConnectionId} accepted ({Count} open)")]
    public static partial void ConnectionAccepted(this ILogger logger, long connectionId, int count);

    [LoggerMessage(EventId = KubeletEventIds.ConnectionClosed, EventName = nameof(KubeletEventIds.ConnectionClosed), Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed ({Reason})")]
    public static partial void ConnectionClosed(this ILogger logger, long connectionId, string reason);

    [LoggerMessage(EventId = KubeletEventIds.ConnectionEvicted, EventName = nameof(KubeletEventIds.ConnectionEvicted), Level = LogLevel.Warning, Message = "{Count} connections open, the limit is {Limit}: closing idle connection {ConnectionId} to make room (a local client may be opening connections without using them)")]
    public static partial void ConnectionEvicted(this ILogger logger, long connectionId, int count, int limit);

    [LoggerMessage(EventId = KubeletEventIds.ConnectionProtocolError, EventName = nameof(KubeletEventIds.ConnectionProtocolError), Level = LogLevel.Warning, Message = "Connection {ConnectionId} broke HTTP/2 ({ErrorCode}): {Reason}; sent GOAWAY and closed it")]
    public static partial void ConnectionProtocolError(this ILogger logger, long connectionId, Registration.Http2.Http2ErrorCode errorCode, string reason);

    [LoggerMessage(EventId = KubeletEventIds.StreamReset, EventName = nameof(KubeletEventIds.StreamReset), Level = LogLevel.Debug, Message = "Connection {ConnectionId} stream {StreamId} reset ({ErrorCode}): {Reason}")]
    public static partial void StreamReset(this ILogger logger, long connectionId, int streamId, Registration.Http2.Http2ErrorCode errorCode, string reason);

    [LoggerMessage(EventId = KubeletEventIds.ConnectionTimedOut, EventName = nameof(KubeletEventIds.ConnectionTimedOut), Level = LogLevel.Debug, Message = "Connection {ConnectionId} timed out ({Reason})")]
    public static partial void ConnectionTimedOut(this ILogger logger, long connectionId, string reason);

    [LoggerMessage(EventId = KubeletEventIds.AcceptFailed, EventName = nameof(KubeletEventIds.AcceptFailed), Level = LogLevel.Error, Message = "Accepting a connection on {SocketPath} failed; retrying")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception, string socketPath);

    [LoggerMessage(EventId = KubeletEventIds.ConnectionFailed, EventName = nameof(KubeletEventIds.ConnectionFailed), Level = LogLevel.Error, Message = "Connection {ConnectionId} failed unexpectedly; closed it")]
    public static partial void ConnectionFailed(this ILogger logger, Exception exception, long connectionId);
}
