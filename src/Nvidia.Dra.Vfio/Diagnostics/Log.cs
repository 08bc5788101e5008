using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Vfio;

/// <summary>The package's source-generated log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = VfioEventIds.FunctionsDiscovered, EventName = nameof(VfioEventIds.FunctionsDiscovered), Level = LogLevel.Debug, Message = "Read {Count} PCI functions ({GpuCount} NVIDIA GPUs) from {Directory}")]
    public static partial void FunctionsDiscovered(this ILogger logger, int count, int gpuCount, string directory);

    [LoggerMessage(EventId = VfioEventIds.VfioVariantChosen, EventName = nameof(VfioEventIds.VfioVariantChosen), Level = LogLevel.Debug, Message = "VFIO module for {PciAddress}: {Module} ({Reason})")]
    public static partial void VfioVariantChosen(this ILogger logger, PciAddress pciAddress, string module, string reason);

    [LoggerMessage(EventId = VfioEventIds.VfioVariantTie, EventName = nameof(VfioEventIds.VfioVariantTie), Level = LogLevel.Warning, Message = "{Count} modules.alias patterns with {Wildcards} wildcards match {PciAddress}; chose {Module} (ordinal first)")]
    public static partial void VfioVariantTie(this ILogger logger, PciAddress pciAddress, int count, int wildcards, string module);

    [LoggerMessage(EventId = VfioEventIds.LoadingModule, EventName = nameof(VfioEventIds.LoadingModule), Level = LogLevel.Information, Message = "Loading VFIO module {Module} for {PciAddress}")]
    public static partial void LoadingModule(this ILogger logger, PciAddress pciAddress, string module);

    [LoggerMessage(EventId = VfioEventIds.SwitchStarting, EventName = nameof(VfioEventIds.SwitchStarting), Level = LogLevel.Information, Message = "Switching GPU {PciAddress} and {FunctionCount} function(s) in all to {Driver}")]
    public static partial void SwitchStarting(this ILogger logger, PciAddress pciAddress, string driver, int functionCount);

    [LoggerMessage(EventId = VfioEventIds.SwitchStep, EventName = nameof(VfioEventIds.SwitchStep), Level = LogLevel.Debug, Message = "{PciAddress} {Step}: {Detail}")]
    public static partial void SwitchStep(this ILogger logger, PciAddress pciAddress, VfioStep step, string detail);

    [LoggerMessage(EventId = VfioEventIds.AlreadyOnTarget, EventName = nameof(VfioEventIds.AlreadyOnTarget), Level = LogLevel.Information, Message = "{PciAddress} is already on {Driver}; leaving it as it is")]
    public static partial void AlreadyOnTarget(this ILogger logger, PciAddress pciAddress, string driver);

    [LoggerMessage(EventId = VfioEventIds.SwitchCompleted, EventName = nameof(VfioEventIds.SwitchCompleted), Level = LogLevel.Information, Message = "GPU {PciAddress} is on {Driver} after {ElapsedMs:0.#} ms")]
    public static partial void SwitchCompleted(this ILogger logger, PciAddress pciAddress, string driver, double elapsedMs);

    [LoggerMessage(EventId = VfioEventIds.SwitchFailed, EventName = nameof(VfioEventIds.SwitchFailed), Level = LogLevel.Error, Message = "Switch of {PciAddress} failed at {Step} ({Detail}); rolling back")]
    public static partial void SwitchFailed(this ILogger logger, Exception exception, PciAddress pciAddress, VfioStep step, string detail);

    [LoggerMessage(EventId = VfioEventIds.SwitchCancelled, EventName = nameof(VfioEventIds.SwitchCancelled), Level = LogLevel.Warning, Message = "Switch of {PciAddress} cancelled at {Step}; restore the recorded prior state")]
    public static partial void SwitchCancelled(this ILogger logger, PciAddress pciAddress, VfioStep step);

    [LoggerMessage(EventId = VfioEventIds.RollbackStarting, EventName = nameof(VfioEventIds.RollbackStarting), Level = LogLevel.Warning, Message = "Rolling back {FunctionCount} touched function(s) in reverse order")]
    public static partial void RollbackStarting(this ILogger logger, int functionCount);

    [LoggerMessage(EventId = VfioEventIds.RollbackFailed, EventName = nameof(VfioEventIds.RollbackFailed), Level = LogLevel.Error, Message = "Rollback failed at {PciAddress} {Step}")]
    public static partial void RollbackFailed(this ILogger logger, Exception exception, PciAddress pciAddress, VfioStep step);

    [LoggerMessage(EventId = VfioEventIds.WriteTimedOut, EventName = nameof(VfioEventIds.WriteTimedOut), Level = LogLevel.Error, Message = "{PciAddress} {Step}: write to {Path} still blocked in the kernel after {TimeoutSeconds} s; the device stays marked in flight")]
    public static partial void WriteTimedOut(this ILogger logger, PciAddress pciAddress, VfioStep step, string path, double timeoutSeconds);

    [LoggerMessage(EventId = VfioEventIds.StuckWriteReturned, EventName = nameof(VfioEventIds.StuckWriteReturned), Level = LogLevel.Warning, Message = "{PciAddress} {Step}: the stuck write to {Path} returned; the device is no longer in flight")]
    public static partial void StuckWriteReturned(this ILogger logger, PciAddress pciAddress, VfioStep step, string path);

    [LoggerMessage(EventId = VfioEventIds.UnbindLockRetry, EventName = nameof(VfioEventIds.UnbindLockRetry), Level = LogLevel.Warning, Message = "GPU {PciAddress}: unbindLock refused (attempt {Attempt} of {Attempts}, read back '{Value}')")]
    public static partial void UnbindLockRetry(this ILogger logger, PciAddress pciAddress, int attempt, int attempts, string value);

    [LoggerMessage(EventId = VfioEventIds.RestoreStarting, EventName = nameof(VfioEventIds.RestoreStarting), Level = LogLevel.Information, Message = "Restoring GPU {PciAddress} and {FunctionCount} function(s) in all to their recorded drivers")]
    public static partial void RestoreStarting(this ILogger logger, PciAddress pciAddress, int functionCount);

    [LoggerMessage(EventId = VfioEventIds.RestoreCompleted, EventName = nameof(VfioEventIds.RestoreCompleted), Level = LogLevel.Information, Message = "GPU {PciAddress} is back in its recorded state")]
    public static partial void RestoreCompleted(this ILogger logger, PciAddress pciAddress);

    [LoggerMessage(EventId = VfioEventIds.HolderScanCompleted, EventName = nameof(VfioEventIds.HolderScanCompleted), Level = LogLevel.Debug, Message = "Holder scan of {TargetCount} node(s) found {HolderCount} holder(s) in {ElapsedMs:0.##} ms")]
    public static partial void HolderScanCompleted(this ILogger logger, int targetCount, int holderCount, double elapsedMs);

    [LoggerMessage(EventId = VfioEventIds.HoldersFound, EventName = nameof(VfioEventIds.HoldersFound), Level = LogLevel.Warning, Message = "{DevicePath} is still held by {Holders}")]
    public static partial void HoldersFound(this ILogger logger, string devicePath, string holders);

    [LoggerMessage(EventId = VfioEventIds.WaitingForHolders, EventName = nameof(VfioEventIds.WaitingForHolders), Level = LogLevel.Debug, Message = "Waiting for {HolderCount} holder(s) of {DevicePath}")]
    public static partial void WaitingForHolders(this ILogger logger, string devicePath, int holderCount);

    [LoggerMessage(EventId = VfioEventIds.HolderScanIncomplete, EventName = nameof(VfioEventIds.HolderScanIncomplete), Level = LogLevel.Warning, Message = "{Denied} processes under {ProcRoot} could not be inspected (permission denied); holders among them are not reported. Run with CAP_SYS_PTRACE (privileged) in the host PID namespace")]
    public static partial void HolderScanIncomplete(this ILogger logger, int denied, string procRoot);
}
