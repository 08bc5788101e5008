using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Lifetime;

namespace Nvidia.Dra.Nvml;

/// <summary>All log messages of this package, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = NvmlEventIds.LibraryLoaded, EventName = nameof(NvmlEventIds.LibraryLoaded), Level = LogLevel.Information,
        Message = "Loaded NVML from {LibraryPath} (driver root {DriverRoot})")]
    public static partial void LibraryLoaded(this ILogger logger, string libraryPath, string driverRoot);

    [LoggerMessage(EventId = NvmlEventIds.LibraryCandidateRejected, EventName = nameof(NvmlEventIds.LibraryCandidateRejected), Level = LogLevel.Debug,
        Message = "NVML library candidate {Candidate} rejected: {Reason}")]
    public static partial void LibraryCandidateRejected(this ILogger logger, string candidate, string reason);

    [LoggerMessage(EventId = NvmlEventIds.LibraryNotFound, EventName = nameof(NvmlEventIds.LibraryNotFound), Level = LogLevel.Error,
        Message = "libnvidia-ml.so.1 not found under driver root {DriverRoot}; searched {SearchedPaths}")]
    public static partial void LibraryNotFound(this ILogger logger, string driverRoot, string searchedPaths);

    [LoggerMessage(EventId = NvmlEventIds.VersionedEntryPointFallback, EventName = nameof(NvmlEventIds.VersionedEntryPointFallback), Level = LogLevel.Information,
        Message = "NVML does not export {Preferred}; using {Fallback}")]
    public static partial void VersionedEntryPointFallback(this ILogger logger, string preferred, string fallback);

    [LoggerMessage(EventId = NvmlEventIds.Initialized, EventName = nameof(NvmlEventIds.Initialized), Level = LogLevel.Information,
        Message = "NVML initialised with flags {Flags}")]
    public static partial void Initialized(this ILogger logger, string flags);

    [LoggerMessage(EventId = NvmlEventIds.ShutDown, EventName = nameof(NvmlEventIds.ShutDown), Level = LogLevel.Information,
        Message = "NVML shut down")]
    public static partial void ShutDown(this ILogger logger);

    [LoggerMessage(EventId = NvmlEventIds.ShutdownFailed, EventName = nameof(NvmlEventIds.ShutdownFailed), Level = LogLevel.Warning,
        Message = "nvmlShutdown failed")]
    public static partial void ShutdownFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = NvmlEventIds.PersistenceModeChanged, EventName = nameof(NvmlEventIds.PersistenceModeChanged), Level = LogLevel.Information,
        Message = "Persistence mode of GPU {PciBusId} set to {Enabled}")]
    public static partial void PersistenceModeChanged(this ILogger logger, string pciBusId, bool enabled);

    [LoggerMessage(EventId = NvmlEventIds.PropertyUnavailable, EventName = nameof(NvmlEventIds.PropertyUnavailable), Level = LogLevel.Debug,
        Message = "{Function} is not available for GPU {Gpu}: {Code}")]
    public static partial void PropertyUnavailable(this ILogger logger, string function, string gpu, NvmlReturn code);

    [LoggerMessage(EventId = NvmlEventIds.LibraryUnloaded, EventName = nameof(NvmlEventIds.LibraryUnloaded), Level = LogLevel.Information,
        Message = "Unloaded NVML ({LibraryPath}): {Reason}")]
    public static partial void LibraryUnloaded(this ILogger logger, string libraryPath, string reason);

    [LoggerMessage(EventId = NvmlEventIds.LibraryReloaded, EventName = nameof(NvmlEventIds.LibraryReloaded), Level = LogLevel.Debug,
        Message = "Loaded NVML again from {LibraryPath}")]
    public static partial void LibraryReloaded(this ILogger logger, string libraryPath);

    [LoggerMessage(EventId = NvmlEventIds.LibraryLeftLoaded, EventName = nameof(NvmlEventIds.LibraryLeftLoaded), Level = LogLevel.Warning,
        Message = "NVML ({LibraryPath}) left loaded because nvmlShutdown failed; its memory stays in use")]
    public static partial void LibraryLeftLoaded(this ILogger logger, string libraryPath);

    [LoggerMessage(EventId = NvmlEventIds.CudaReference, EventName = nameof(NvmlEventIds.CudaReference), Level = LogLevel.Debug,
        Message = "After unloading NVML, {Library}: {Outcome}")]
    public static partial void CudaReference(this ILogger logger, string library, CudaReleaseOutcome outcome);
}
