using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Core;

/// <summary>Log messages of prepare, unprepare and recovery.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimInProgressElsewhere, EventName = "ClaimInProgressElsewhere", Level = LogLevel.Information,
        Message = "Claim {Claim} is {State} and its GPUs are locked by another plugin instance: left to it (recovered at the next start-up if that instance dies)")]
    public static partial void ClaimInProgressElsewhere(this ILogger logger, string claim, string state);

    [LoggerMessage(EventId = NvidiaDraEventIds.GpuLeftOut, EventName = "GpuLeftOut", Level = LogLevel.Warning,
        Message = "GPU {PciAddress} is left out of the ResourceSlices: {Reason}")]
    public static partial void GpuLeftOut(this ILogger logger, string pciAddress, string reason);

    [LoggerMessage(EventId = NvidiaDraEventIds.UnrecordedVfioGpu, EventName = "UnrecordedVfioGpu", Level = LogLevel.Error,
        Message = "GPU {PciAddress} is on {Driver} with this driver's files for claim {ClaimUid} ({Evidence}) but the checkpoint has no record of it: the checkpoint was lost or deleted. {Action}")]
    public static partial void UnrecordedVfioGpu(this ILogger logger, string pciAddress, string driver, string claimUid, string evidence, string action);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimPrepared, EventName = "ClaimPrepared", Level = LogLevel.Information,
        Message = "Prepared claim {Claim}: {DeviceCount} devices in {ElapsedMs} ms")]
    public static partial void ClaimPrepared(this ILogger logger, string claim, int deviceCount, double elapsedMs);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimAlreadyPrepared, EventName = "ClaimAlreadyPrepared", Level = LogLevel.Debug,
        Message = "Claim {Claim} is already prepared: answering from the checkpoint")]
    public static partial void ClaimAlreadyPrepared(this ILogger logger, string claim);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimPrepareFailed, EventName = "ClaimPrepareFailed", Level = LogLevel.Warning,
        Message = "Preparing claim {Claim} failed at step {Step} (device {Device}); rolling back")]
    public static partial void ClaimPrepareFailed(this ILogger logger, Exception exception, string claim, ClaimStep step, string? device);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimRollbackFailed, EventName = "ClaimRollbackFailed", Level = LogLevel.Error,
        Message = "Rolling back claim {Claim} did not complete; it stays in the checkpoint for unprepare or recovery")]
    public static partial void ClaimRollbackFailed(this ILogger logger, Exception exception, string claim);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimUnprepared, EventName = "ClaimUnprepared", Level = LogLevel.Information,
        Message = "Unprepared claim {Claim}: {DeviceCount} devices restored")]
    public static partial void ClaimUnprepared(this ILogger logger, string claim, int deviceCount);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimUnprepareFailed, EventName = "ClaimUnprepareFailed", Level = LogLevel.Warning,
        Message = "Unpreparing claim {Claim} failed")]
    public static partial void ClaimUnprepareFailed(this ILogger logger, Exception exception, string claim);

    [LoggerMessage(EventId = NvidiaDraEventIds.WaitingForHolders, EventName = "WaitingForHolders", Level = LogLevel.Information,
        Message = "GPU {PciAddress} is held ({Node}); waiting up to {TimeoutMs} ms for it to be released")]
    public static partial void WaitingForHolders(this ILogger logger, string pciAddress, string node, double timeoutMs);

    [LoggerMessage(EventId = NvidiaDraEventIds.IommuFdFallback, EventName = "IommuFdFallback", Level = LogLevel.Warning,
        Message = "Claim {Claim} prefers iommufd, but the kernel made no VFIO device cdev for GPU {PciAddress} (vfio-dev/vfioN has no dev file: no CONFIG_VFIO_DEVICE_CDEV); injecting the legacy /dev/vfio nodes instead")]
    public static partial void IommuFdFallback(this ILogger logger, string claim, string pciAddress);

    [LoggerMessage(EventId = NvidiaDraEventIds.CheckpointResetAfterReboot, EventName = "CheckpointResetAfterReboot", Level = LogLevel.Warning,
        Message = "Boot id changed from {OldBootId} to {NewBootId}: the node rebooted, forgetting {ClaimCount} recorded claims")]
    public static partial void CheckpointResetAfterReboot(this ILogger logger, string oldBootId, string newBootId, int claimCount);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimRecovered, EventName = "ClaimRecovered", Level = LogLevel.Warning,
        Message = "Recovered claim {Claim} left in state {State} by a crash: prior state restored, files removed")]
    public static partial void ClaimRecovered(this ILogger logger, string claim, string state);

    [LoggerMessage(EventId = NvidiaDraEventIds.ClaimRecoveryFailed, EventName = "ClaimRecoveryFailed", Level = LogLevel.Error,
        Message = "Could not recover claim {Claim}; it stays in the checkpoint and is retried at unprepare or next start")]
    public static partial void ClaimRecoveryFailed(this ILogger logger, Exception exception, string claim);

    [LoggerMessage(EventId = NvidiaDraEventIds.PreparedGpuRebound, EventName = "PreparedGpuRebound", Level = LogLevel.Warning,
        Message = "GPU {PciAddress} of prepared claim {Claim} is on {Driver}, not a VFIO driver: it was rebound out of band")]
    public static partial void PreparedGpuRebound(this ILogger logger, string pciAddress, string claim, string driver);

    [LoggerMessage(EventId = NvidiaDraEventIds.PublicationFailed, EventName = "PublicationFailed", Level = LogLevel.Warning,
        Message = "Rebuilding the ResourceSlices failed; the previous publication stays")]
    public static partial void PublicationFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = NvidiaDraEventIds.PublicationListenerFailed, EventName = "PublicationListenerFailed", Level = LogLevel.Warning,
        Message = "The publication listener {Listener} failed; the ResourceSlices it publishes may lag until the pool changes again")]
    public static partial void PublicationListenerFailed(this ILogger logger, string listener, Exception exception);
}
