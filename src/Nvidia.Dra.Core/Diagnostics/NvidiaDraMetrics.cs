using System.Diagnostics.Metrics;

namespace Nvidia.Dra.Core;

/// <summary>The package's instruments, on the meter <see cref="MeterName"/>.</summary>
public static class NvidiaDraMetrics
{
    /// <summary>The meter name to listen to (e.g. <c>AddMeter("Nvidia.Dra.Core")</c> in OpenTelemetry).</summary>
    public const string MeterName = "Nvidia.Dra.Core";

    private static readonly Meter Meter = new(MeterName);

    internal static Counter<long> UnrecordedVfioGpus { get; } =
        Meter.CreateCounter<long>("nvidia_dra.checkpoint.unrecorded_vfio_gpus", "{gpu}", "GPUs found at start-up on a VFIO driver with this driver's files but no checkpoint record (lost checkpoint).");
}
