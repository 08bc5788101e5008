using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Kubelet.Diagnostics;

/// <summary>The host's log messages (event ids 5200–5999).</summary>
internal static partial class HostLog
{
    [LoggerMessage(KubeletEventIds.HostStarted, LogLevel.Information, "Kubelet plugin {Driver} serving: DRA socket {DraSocket} ({Services}), registration socket {RegistrationSocket}, health {Health}")]
    public static partial void Started(ILogger logger, string driver, string draSocket, string services, string registrationSocket, string health);

    [LoggerMessage(KubeletEventIds.HostStopped, LogLevel.Information, "Kubelet plugin {Driver} stopped; sockets {DraSocket} and {RegistrationSocket} removed")]
    public static partial void Stopped(ILogger logger, string driver, string draSocket, string registrationSocket);

    [LoggerMessage(KubeletEventIds.StaleDraSocketRemoved, LogLevel.Information, "Removed a stale file at the DRA socket path {Path} (left by an instance that did not stop cleanly)")]
    public static partial void StaleSocketRemoved(ILogger logger, string path);

    [LoggerMessage(KubeletEventIds.HostStartFailed, LogLevel.Error, "Kubelet plugin {Driver} could not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string driver, string reason, Exception exception);

    [LoggerMessage(KubeletEventIds.PrepareCompleted, LogLevel.Information, "NodePrepareResources ({Api}): {Succeeded} of {Total} claims prepared in {ElapsedMs:0.0} ms")]
    public static partial void PrepareCompleted(ILogger logger, string api, int succeeded, int total, double elapsedMs);

    [LoggerMessage(KubeletEventIds.UnprepareCompleted, LogLevel.Information, "NodeUnprepareResources ({Api}): {Succeeded} of {Total} claims unprepared in {ElapsedMs:0.0} ms")]
    public static partial void UnprepareCompleted(ILogger logger, string api, int succeeded, int total, double elapsedMs);

    [LoggerMessage(KubeletEventIds.ClaimFailed, LogLevel.Warning, "{Method}: {Error}")]
    public static partial void ClaimFailed(ILogger logger, string method, string error);

    [LoggerMessage(KubeletEventIds.DriverThrew, LogLevel.Error, "{Method}: the driver threw instead of answering per claim; all {Count} claims of the batch fail")]
    public static partial void DriverThrew(ILogger logger, string method, int count, Exception exception);

    [LoggerMessage(KubeletEventIds.CallCancelled, LogLevel.Warning, "{Method} cancelled after {ElapsedMs:0.0} ms (kubelet gave up or the plugin is stopping)")]
    public static partial void CallCancelled(ILogger logger, string method, double elapsedMs);

    [LoggerMessage(KubeletEventIds.RegistrationStatusChanged, LogLevel.Information, "kubelet registration status: registered={Registered} {Error}")]
    public static partial void RegistrationStatusChanged(ILogger logger, bool registered, string? error);

    [LoggerMessage(KubeletEventIds.HealthProbeFailed, LogLevel.Warning, "Health self-call on {Socket} failed: {Reason}")]
    public static partial void HealthProbeFailed(ILogger logger, string socket, string reason);
}
