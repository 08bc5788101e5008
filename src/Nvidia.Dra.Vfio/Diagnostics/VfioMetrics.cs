using System.Diagnostics.Metrics;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// The package's instruments, on the meter <see cref="MeterName"/>: switch durations, sysfs writes that passed their
/// deadline, writes still stuck in the kernel, and holder waits that ended with holders.
/// </summary>
public static class VfioMetrics
{
    /// <summary>The meter name to listen to (e.g. <c>AddMeter("Nvidia.Dra.Vfio")</c> in OpenTelemetry).</summary>
    public const string MeterName = "Nvidia.Dra.Vfio";

    private static readonly Meter Meter = new(MeterName);

    internal static Histogram<double> SwitchDuration { get; } =
        Meter.CreateHistogram<double>("nvidia_dra.vfio.switch.duration", "ms", "Duration of completed driver switches to VFIO.");

    internal static Counter<long> WriteTimeouts { get; } =
        Meter.CreateCounter<long>("nvidia_dra.vfio.sysfs_write.timeouts", "{write}", "sysfs writes that passed their deadline.");

    internal static UpDownCounter<long> StuckWrites { get; } =
        Meter.CreateUpDownCounter<long>("nvidia_dra.vfio.sysfs_write.stuck", "{write}", "sysfs writes past their deadline that the kernel has not returned yet.");

    internal static Counter<long> BusyDevices { get; } =
        Meter.CreateCounter<long>("nvidia_dra.vfio.holders.busy", "{event}", "Switches or waits that found the device held.");
}
