using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Cdi;

/// <summary>The package's source-generated log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = CdiEventIds.SpecWritten, EventName = nameof(CdiEventIds.SpecWritten), Level = LogLevel.Information,
        Message = "Wrote CDI spec {Path} (kind {Kind}, cdiVersion {Version}, {DeviceCount} devices)")]
    public static partial void SpecWritten(this ILogger logger, string path, string kind, string version, int deviceCount);

    [LoggerMessage(EventId = CdiEventIds.SpecRemoved, EventName = nameof(CdiEventIds.SpecRemoved), Level = LogLevel.Information,
        Message = "Removed CDI spec {Path}")]
    public static partial void SpecRemoved(this ILogger logger, string path);

    [LoggerMessage(EventId = CdiEventIds.SpecWriteFailed, EventName = nameof(CdiEventIds.SpecWriteFailed), Level = LogLevel.Error,
        Message = "Writing CDI spec {Path} failed; the previous file, if any, is unchanged")]
    public static partial void SpecWriteFailed(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = CdiEventIds.SpecRejected, EventName = nameof(CdiEventIds.SpecRejected), Level = LogLevel.Warning,
        Message = "Refused to write CDI spec {Name}: {Reason}")]
    public static partial void SpecRejected(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = CdiEventIds.RegistryRefreshed, EventName = nameof(CdiEventIds.RegistryRefreshed), Level = LogLevel.Debug,
        Message = "Scanned CDI spec directories: {SpecCount} specs, {DeviceCount} devices, {ErrorCount} files with errors")]
    public static partial void RegistryRefreshed(this ILogger logger, int specCount, int deviceCount, int errorCount);

    [LoggerMessage(EventId = CdiEventIds.SpecLoadFailed, EventName = nameof(CdiEventIds.SpecLoadFailed), Level = LogLevel.Warning,
        Message = "Skipped CDI spec {Path}: {Reason}")]
    public static partial void SpecLoadFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = CdiEventIds.DeviceConflict, EventName = nameof(CdiEventIds.DeviceConflict), Level = LogLevel.Warning,
        Message = "Conflicting CDI device {Device} in {Path} and {OtherPath}; the device is unavailable until one definition is removed")]
    public static partial void DeviceConflict(this ILogger logger, string device, string path, string otherPath);

    [LoggerMessage(EventId = CdiEventIds.SpecDirectoryMissing, EventName = nameof(CdiEventIds.SpecDirectoryMissing), Level = LogLevel.Debug,
        Message = "CDI spec directory {Directory} does not exist; skipped")]
    public static partial void SpecDirectoryMissing(this ILogger logger, string directory);
}
