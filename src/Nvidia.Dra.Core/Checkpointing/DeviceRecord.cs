namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>
/// One allocated vfio device of a claim: where it is (by PCI address, W13), what it was before (every function of
/// the plan, persistence mode) and how far prepare got.
/// </summary>
internal sealed record DeviceRecord
{
    /// <summary>Gets the allocation result's request (<c>req</c> or <c>req/sub</c>).</summary>
    public required string Request { get; init; }

    /// <summary>Gets the pool.</summary>
    public required string Pool { get; init; }

    /// <summary>Gets the device name as allocated.</summary>
    public required string Device { get; init; }

    /// <summary>Gets the GPU's PCI address.</summary>
    public required string PciAddress { get; init; }

    /// <summary>Gets the GPU's IOMMU group.</summary>
    public int? IommuGroup { get; init; }

    /// <summary>Gets the VFIO module the switch targets.</summary>
    public required string VfioModule { get; init; }

    /// <summary>Gets the prior binding of every function the switch moves, GPU first.</summary>
    public required IReadOnlyList<FunctionRecord> Functions { get; init; }

    /// <summary>Gets whether persistence mode was on before prepare; <see langword="null"/> when NVML could not tell.</summary>
    public bool? PersistenceWasOn { get; init; }

    /// <summary>Gets whether prepare turned persistence mode off (so release turns it back on).</summary>
    public bool PersistenceTurnedOff { get; init; }

    /// <summary>Gets how far prepare got.</summary>
    public DeviceProgress Progress { get; init; }

    /// <summary>Gets every PCI address this device owns: the GPU and its switched companions.</summary>
    public IEnumerable<string> OwnedAddresses => Functions.Select(f => f.Address).Append(PciAddress).Distinct(StringComparer.Ordinal);
}
