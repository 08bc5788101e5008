using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>Source-generated log messages of the doctor.</summary>
internal static partial class DoctorLog
{
    [LoggerMessage(EventId = NvidiaDraEventIds.DoctorCheckFailed, EventName = "DoctorCheckFailed", Level = LogLevel.Warning,
        Message = "Doctor check {Check} could not run")]
    public static partial void DoctorCheckFailed(this ILogger logger, Exception exception, string check);

    [LoggerMessage(EventId = NvidiaDraEventIds.DoctorFinished, EventName = "DoctorFinished", Level = LogLevel.Information,
        Message = "Doctor finished: {Status}, {Blocking} blocking and {Warnings} warning findings")]
    public static partial void DoctorFinished(this ILogger logger, DoctorStatus status, int blocking, int warnings);
}
