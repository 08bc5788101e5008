namespace Nvidia.Dra.Core.Recovery;

/// <summary>
/// The GPUs start-up found switched by this driver without a checkpoint record and kept (not restored): left out
/// of the slice, refused by prepare with the reason, and restored when kubelet unprepares their claim.
/// </summary>
internal sealed class UnrecordedGpuRegistry
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, UnrecordedVfioGpu> gpus = new(StringComparer.Ordinal);

    public void Add(UnrecordedVfioGpu gpu)
    {
        lock (gate)
        {
            gpus[gpu.PciAddress] = gpu;
        }
    }

    public void Remove(string pciAddress)
    {
        lock (gate)
        {
            gpus.Remove(pciAddress);
        }
    }

    public UnrecordedVfioGpu? Find(string pciAddress)
    {
        lock (gate)
        {
            return gpus.GetValueOrDefault(pciAddress);
        }
    }

    public IReadOnlyList<UnrecordedVfioGpu> OfClaim(string claimUid)
    {
        lock (gate)
        {
            return [.. gpus.Values.Where(g => string.Equals(g.ClaimUid, claimUid, StringComparison.Ordinal))];
        }
    }
}
