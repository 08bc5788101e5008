namespace Nvidia.Dra.Core.Tests.Support;

/// <summary>
/// A container-claim preparer that records what it was given and holds GPUs by PCI address, as a real one would
/// through its own state; it returns one CDI id per device.
/// </summary>
internal sealed class RecordingContainerPreparer : IContainerClaimPreparer
{
    private readonly Dictionary<string, List<string>> held = new(StringComparer.Ordinal);

    public List<ContainerClaim> Prepared { get; } = [];

    public List<ClaimReference> Unprepared { get; } = [];

    public Task<IReadOnlyList<PreparedDevice>> PrepareAsync(ContainerClaim claim, CancellationToken cancellationToken)
    {
        Prepared.Add(claim);
        held[claim.Claim.Metadata.Uid!] = [.. claim.PciAddresses];
        IReadOnlyList<PreparedDevice> devices = [.. claim.Devices.Select(d => new PreparedDevice([d.BaseRequest], d.Pool, d.Device, [$"k8s.gpu.nvidia.com/claim={claim.Claim.Metadata.Uid}-{d.Device}"]))];
        return Task.FromResult(devices);
    }

    public Task UnprepareAsync(ClaimReference claim, CancellationToken cancellationToken)
    {
        Unprepared.Add(claim);
        held.Remove(claim.Uid);
        return Task.CompletedTask;
    }

    public IReadOnlySet<string> GetPreparedPciAddresses() => held.Values.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
}
