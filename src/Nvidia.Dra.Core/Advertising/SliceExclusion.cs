namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// How the node keeps a GPU's <c>gpu</c> and <c>vfio</c> views from being allocated together (W1). It matters only
/// when both views are published, that is with an <see cref="IContainerClaimPreparer"/>; a passthrough-only node
/// publishes one view per GPU and needs neither.
/// </summary>
public enum SliceExclusion
{
    /// <summary>
    /// Both views consume the GPU's one shared counter and the scheduler enforces it. Needs an API server that keeps
    /// <c>sharedCounters</c> and <c>consumesCounters</c>: Kubernetes 1.36+, or 1.35 with <c>DRAPartitionableDevices</c>.
    /// </summary>
    SharedCounters,

    /// <summary>
    /// No counters; once one view of a GPU is prepared its sibling is withdrawn from the pool and published again
    /// after unprepare. For API servers that drop the counter fields (1.34 and 1.35 with default gates). A claim
    /// allocated against a pool published before the withdrawal is still refused by the node-side guard.
    /// </summary>
    NodeSide,
}
