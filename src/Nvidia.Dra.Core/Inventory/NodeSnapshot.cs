using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>What the node published last: the pool and the GPUs it was built from (to spot out-of-band rebinding, W22).</summary>
/// <param name="Publication">The pool.</param>
/// <param name="Discovered">The GPUs as discovered then, in discovery order (reused for the GPUs a claim did not touch).</param>
internal sealed record NodeSnapshot(PoolPublication Publication, IReadOnlyList<PhysicalGpu> Discovered)
{
    /// <summary>Gets the same GPUs by lower-case PCI address.</summary>
    public IReadOnlyDictionary<string, PhysicalGpu> Gpus { get; } = Discovered.ToDictionary(g => g.PciAddress.ToLowerInvariant(), StringComparer.Ordinal);
}
