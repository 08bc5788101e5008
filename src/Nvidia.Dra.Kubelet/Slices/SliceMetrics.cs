using System.Diagnostics.Metrics;

namespace Nvidia.Dra.Kubelet;

/// <summary>Counters of the slice controller, on meter <c>Nvidia.Dra.Kubelet</c>.</summary>
internal sealed class SliceMetrics
{
    public const string MeterName = "Nvidia.Dra.Kubelet";

    public SliceMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Syncs = meter.CreateCounter<long>("nvdra.slices.syncs", description: "ResourceSlice pool syncs, by result (ok, failed, invalid)");
        Writes = meter.CreateCounter<long>("nvdra.slices.writes", description: "ResourceSlice writes, by operation (create, update, delete)");
        DroppedFields = meter.CreateCounter<long>("nvdra.slices.dropped_fields", description: "Slices the API server stored without fields it was sent");
        WatchRestarts = meter.CreateCounter<long>("nvdra.slices.watch_restarts", description: "Relists after a watch expired (410) or failed");
    }

    public Counter<long> Syncs { get; }

    public Counter<long> Writes { get; }

    public Counter<long> DroppedFields { get; }

    public Counter<long> WatchRestarts { get; }
}
