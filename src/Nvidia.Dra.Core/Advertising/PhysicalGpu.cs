namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// One physical NVIDIA GPU (a PCI physical function) as discovery found it; part 2 fills it from Nvidia.Dra.Vfio
/// (sysfs) and Nvidia.Dra.Nvml, and from the checkpoint for <see cref="PreparedByThisDriver"/>. The slice builder
/// turns it into a <c>gpu</c> and a <c>vfio</c> device sharing one counter set.
/// </summary>
public sealed record PhysicalGpu
{
    /// <summary>Gets the extended PCI address, <c>dddd:bb:dd.f</c> (any case; published lower-case).</summary>
    public required string PciAddress { get; init; }

    /// <summary>Gets the PCI vendor id as sysfs shows it, for example <c>0x10de</c>.</summary>
    public required string VendorId { get; init; }

    /// <summary>Gets the PCI device id as sysfs shows it, for example <c>0x2335</c>.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Gets the PCI-IDs database name, used for the vfio view when NVML cannot see the GPU.</summary>
    public string? PciProductName { get; init; }

    /// <summary>Gets the driver the GPU is bound to now.</summary>
    public required GpuDriverBinding Binding { get; init; }

    /// <summary>Gets the bound driver's name, for messages (for example <c>vfio-pci</c>).</summary>
    public string? BoundDriverName { get; init; }

    /// <summary>Gets a value indicating whether this driver's checkpoint records the GPU as prepared for a claim.</summary>
    public bool PreparedByThisDriver { get; init; }

    /// <summary>Gets the IOMMU group number; <see langword="null"/> when the GPU has no <c>iommu_group</c> link.</summary>
    public int? IommuGroup { get; init; }

    /// <summary>Gets the PCIe root, <c>pci&lt;domain&gt;:&lt;bus&gt;</c>; <see langword="null"/> when unresolvable.</summary>
    public string? PcieRoot { get; init; }

    /// <summary>Gets the NUMA node; <see langword="null"/> or negative when unknown (not published).</summary>
    public int? NumaNode { get; init; }

    /// <summary>Gets the total size of the 64-bit BARs in bytes; published rounded up to a power of two, as upstream.</summary>
    public ulong Bar64TotalBytes { get; init; }

    /// <summary>Gets a value indicating whether MIG mode is on (the gpu view is then not published).</summary>
    public bool MigModeEnabled { get; init; }

    /// <summary>Gets a value indicating whether MIG devices exist (the vfio view is then not published either).</summary>
    public bool HasMigDevices { get; init; }

    /// <summary>Gets what NVML reports; <see langword="null"/> when NVML cannot see the GPU (not on <c>nvidia</c>).</summary>
    public NvmlGpuIdentity? Nvml { get; init; }
}
