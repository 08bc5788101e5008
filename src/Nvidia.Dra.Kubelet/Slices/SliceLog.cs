using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The slice controller's log events (5600–5799). A retried failure carries its exception (with the stack) only on the
/// first attempt of a streak; the retries of an unreachable API server log one line each.
/// </summary>
internal static partial class SliceLog
{
    /// <summary>The exception to attach to a retry's log line: the first of a streak only.</summary>
    public static Exception? FirstOfStreak(Exception exception, int attempt) => attempt <= 1 ? exception : null;

    /// <summary>One line for a failure: its message, and the innermost cause's when that says more.</summary>
    public static string Describe(Exception exception)
    {
        var inner = exception.GetBaseException();
        return ReferenceEquals(inner, exception) || exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? exception.Message.ReplaceLineEndings(" ")
            : $"{exception.Message.ReplaceLineEndings(" ")} ({inner.Message.ReplaceLineEndings(" ")})";
    }

    [LoggerMessage(EventId = KubeletEventIds.SliceControllerStarted, EventName = "SliceControllerStarted", Level = LogLevel.Information,
        Message = "ResourceSlice controller for driver {Driver} on node {Node} (UID {NodeUid}) has its first list: {Count} slices")]
    public static partial void ControllerStarted(this ILogger logger, string driver, string node, string nodeUid, int count);

    [LoggerMessage(EventId = KubeletEventIds.SlicePoolSynced, EventName = "SlicePoolSynced", Level = LogLevel.Information,
        Message = "ResourceSlice pool {Pool} at generation {Generation}: {Created} created, {Updated} updated, {Deleted} deleted")]
    public static partial void PoolSynced(this ILogger logger, string pool, long generation, int created, int updated, int deleted);

    [LoggerMessage(EventId = KubeletEventIds.SlicePoolSyncFailed, EventName = "SlicePoolSyncFailed", Level = LogLevel.Warning,
        Message = "Publishing ResourceSlice pool {Pool} failed (attempt {Attempt}): {Error}; retrying in {Delay}. Prepared claims are unaffected")]
    public static partial void PoolSyncFailed(this ILogger logger, Exception? exception, string pool, int attempt, string error, TimeSpan delay);

    [LoggerMessage(EventId = KubeletEventIds.SlicePoolInvalid, EventName = "SlicePoolInvalid", Level = LogLevel.Error,
        Message = "{Message}")]
    public static partial void PoolInvalid(this ILogger logger, string message);

    [LoggerMessage(EventId = KubeletEventIds.SliceFieldsDropped, EventName = "SliceFieldsDropped", Level = LogLevel.Warning,
        Message = "The API server stored ResourceSlice {Slice} of pool {Pool} without {Fields}: a feature gate it needs is off (e.g. DRAPartitionableDevices before Kubernetes 1.36). The controller keeps what was stored and stops updating it for that content")]
    public static partial void FieldsDropped(this ILogger logger, string slice, string pool, string fields);

    [LoggerMessage(EventId = KubeletEventIds.SliceWatchRestarted, EventName = "SliceWatchRestarted", Level = LogLevel.Information,
        Message = "ResourceSlice watch from resource version {ResourceVersion} ended ({Reason}); listing again")]
    public static partial void WatchRestarted(this ILogger logger, string resourceVersion, string reason);

    [LoggerMessage(EventId = KubeletEventIds.SliceWatchFailed, EventName = "SliceWatchFailed", Level = LogLevel.Warning,
        Message = "Listing or watching ResourceSlices failed: {Error}; retrying in {Delay}")]
    public static partial void WatchFailed(this ILogger logger, Exception? exception, string error, TimeSpan delay);

    [LoggerMessage(EventId = KubeletEventIds.SliceOwnerLookupFailed, EventName = "SliceOwnerLookupFailed", Level = LogLevel.Warning,
        Message = "Reading Node {Node} for the slices' owner reference failed: {Error}; retrying in {Delay}")]
    public static partial void OwnerLookupFailed(this ILogger logger, Exception? exception, string node, string error, TimeSpan delay);
}
