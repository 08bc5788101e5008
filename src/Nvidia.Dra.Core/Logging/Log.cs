using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Core;

/// <summary>Source-generated log messages of Nvidia.Dra.Core.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = NvidiaDraEventIds.AdvertisingNote, EventName = "AdvertisingNote", Level = LogLevel.Warning,
        Message = "GPU {PciAddress}: {Note}")]
    public static partial void AdvertisingNote(this ILogger logger, string pciAddress, string note);

    [LoggerMessage(EventId = NvidiaDraEventIds.PoolGenerationBumped, EventName = "PoolGenerationBumped", Level = LogLevel.Information,
        Message = "ResourceSlice pool {Pool} changed: generation {Generation}, {SliceCount} slices, {DeviceCount} devices")]
    public static partial void PoolGenerationBumped(this ILogger logger, string pool, long generation, int sliceCount, int deviceCount);
}
