using k8s.Models;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// One resource pool as the driver wants it published: its devices and shared counter sets, in allocator priority
/// order. The controller splits it into slices (counter sets in their own slices, at most 8 per slice; at most 128
/// devices per slice, 64 when devices consume counters), names and owns them.
/// </summary>
/// <param name="Devices">The devices, in the order the scheduler should try them.</param>
/// <param name="SharedCounters">The counter sets the devices consume from; empty when none.</param>
public sealed record DesiredPool(IReadOnlyList<V1Device> Devices, IReadOnlyList<V1CounterSet> SharedCounters)
{
    /// <summary>Gets a pool generation the driver insists on; a higher stored generation wins, 0 lets the controller choose.</summary>
    public long Generation { get; init; }
}
