using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Kubelet;

namespace Nvidia.Dra.Driver.Publishing;

/// <summary>
/// Chooses how a GPU's <c>gpu</c> and <c>vfio</c> views are kept exclusive (W1) from what the API server does: the
/// pool is first published with shared counters, which the scheduler enforces; when the server stores the slices
/// without <c>sharedCounters</c> or <c>consumesCounters</c> (1.34, or 1.35 without <c>DRAPartitionableDevices</c>),
/// the node switches to node-side exclusion for the rest of its life — a prepared GPU's sibling view is withdrawn from
/// the pool and given back after unprepare — and republishes. Core's node-side guard stays the backstop, including
/// for claims allocated from the counter-less slices the server stored before the switch.
/// </summary>
internal sealed partial class CounterFallback(ResourceSliceController controller, IDraNodeService node, ILogger<CounterFallback> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        controller.FieldsDropped += OnFieldsDropped;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        controller.FieldsDropped -= OnFieldsDropped;
        return Task.CompletedTask;
    }

    private static bool IsCounterField(string field) =>
        field.StartsWith("sharedCounters", StringComparison.Ordinal) || field.Contains("consumesCounters", StringComparison.Ordinal);

    private void OnFieldsDropped(object? sender, DroppedFieldsReport report)
    {
        if (!report.Fields.Any(IsCounterField))
        {
            return;
        }

        try
        {
            var publication = node.GetResourceSlices(SliceExclusion.NodeSide);
            SwitchedToNodeSide(report.SliceName, publication.Devices.Count);
        }
        catch (NvidiaDraException ex)
        {
            // The current pool stays published; the node-side guard still refuses a second view of a prepared GPU.
            SwitchFailed(ex.Message, ex);
        }
    }

    [LoggerMessage(EventId = DriverEventIds.NodeSideExclusion, Level = LogLevel.Warning,
        Message = "The API server stored ResourceSlice {Slice} without its shared counters (DRAPartitionableDevices is off): a GPU's two views are now kept exclusive on the node; republished {Devices} devices")]
    private partial void SwitchedToNodeSide(string slice, int devices);

    [LoggerMessage(EventId = DriverEventIds.NodeSideExclusionFailed, Level = LogLevel.Error,
        Message = "Switching to node-side exclusion failed ({Reason}); the node-side guard still refuses a second view of a prepared GPU")]
    private partial void SwitchFailed(string reason, Exception exception);
}
