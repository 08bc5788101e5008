using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>What the node published last: the pool and the GPUs it was built from (to spot out-of-band rebinding, W22).</summary>
/// <param name="Publication">The pool.</param>
/// <param name="Gpus">The GPUs as discovered then, by PCI address.</param>
/// <param name="Discovered">The same GPUs in discovery order, reused for the GPUs a claim did not touch.</param>
internal sealed record NodeSnapshot(PoolPublication Publication, IReadOnlyDictionary<string, PhysicalGpu> Gpus, IReadOnlyList<PhysicalGpu> Discovered);
