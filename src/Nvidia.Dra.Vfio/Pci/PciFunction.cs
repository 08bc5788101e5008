namespace Nvidia.Dra.Vfio;

/// <summary>Everything sysfs says about one PCI function, read at one moment.</summary>
public sealed record PciFunction
{
    /// <summary>Gets the address.</summary>
    public required PciAddress Address { get; init; }

    /// <summary>Gets the vendor id.</summary>
    public required ushort VendorId { get; init; }

    /// <summary>Gets the device id.</summary>
    public required ushort DeviceId { get; init; }

    /// <summary>Gets the 24-bit class code (<c>0x030200</c> = 3D controller).</summary>
    public required int ClassCode { get; init; }

    /// <summary>Gets the subsystem vendor id, when sysfs has one.</summary>
    public ushort? SubsystemVendorId { get; init; }

    /// <summary>Gets the subsystem device id, when sysfs has one.</summary>
    public ushort? SubsystemDeviceId { get; init; }

    /// <summary>Gets the revision, when sysfs has one.</summary>
    public byte? Revision { get; init; }

    /// <summary>Gets the NUMA node, or <see langword="null"/> when the kernel reports none (-1).</summary>
    public int? NumaNode { get; init; }

    /// <summary>Gets the CPUs local to the device, as a CPU list (<c>0-31,64-95</c>).</summary>
    public string? LocalCpuList { get; init; }

    /// <summary>Gets the bound driver's name, or <see langword="null"/> when no driver is bound (a valid state).</summary>
    public string? Driver { get; init; }

    /// <summary>Gets <c>driver_override</c>, or <see langword="null"/> when unset (<c>(null)</c>).</summary>
    public string? DriverOverride { get; init; }

    /// <summary>Gets the IOMMU group, or <see langword="null"/> when the device has none (IOMMU off).</summary>
    public int? IommuGroup { get; init; }

    /// <summary>Gets the SR-IOV facts.</summary>
    public SriovInfo Sriov { get; init; } = SriovInfo.None;

    /// <summary>Gets the used BARs (0 to 5), from <c>resource</c>.</summary>
    public IReadOnlyList<PciBar> Bars { get; init; } = [];

    /// <summary>Gets the modalias (<c>pci:v…d…sv…sd…bc…sc…i…</c>).</summary>
    public string? Modalias { get; init; }

    /// <summary>
    /// Gets the VFIO device cdev name (<c>vfioN</c>) while bound to a VFIO driver on a kernel with device cdevs
    /// (<c>vfio-dev/vfioN/dev</c> exists); <see langword="null"/> on kernels whose <c>vfio-dev/vfioN</c> has no
    /// <c>dev</c> file.
    /// </summary>
    public string? VfioCdev { get; init; }

    /// <summary>Gets the functions named by <c>consumer:pci:</c> device links (a VGA GPU's HDMI audio).</summary>
    public IReadOnlyList<PciAddress> Consumers { get; init; } = [];

    /// <summary>Gets the Kubernetes <c>pcieRoot</c> attribute value (<c>pci0000:00</c>), or <see langword="null"/> when unresolvable.</summary>
    public string? PcieRoot { get; init; }

    /// <summary>Gets the Kubernetes <c>pciBusID</c> attribute value: the sysfs address.</summary>
    public string PciBusId => Address.ToString();

    /// <summary>Gets a value indicating whether the vendor is NVIDIA.</summary>
    public bool IsNvidia => VendorId == PciClassCodes.NvidiaVendorId;

    /// <summary>Gets a value indicating whether this is an NVIDIA GPU: VGA or 3D class, not a virtual function.</summary>
    public bool IsNvidiaGpu =>
        IsNvidia && ClassCode >> 8 is PciClassCodes.VgaController or PciClassCodes.ThreeDController && !Sriov.IsVirtualFunction;

    /// <summary>Gets a value indicating whether this is an NVSwitch (NVIDIA, class 0x0680): recognised, never a GPU.</summary>
    public bool IsNvSwitch => IsNvidia && ClassCode >> 8 == PciClassCodes.OtherBridge;

    /// <summary>Gets a value indicating whether this is a PCI-to-PCI bridge (excluded from group viability).</summary>
    public bool IsBridge => ClassCode >> 8 == PciClassCodes.PciBridge;

    /// <summary>
    /// Gets the BAR address space of the 64-bit BARs rounded up to a power of two (the reference driver's
    /// <c>addressableMemory</c>); this is not VRAM.
    /// </summary>
    public ulong AddressableMemoryBytes
    {
        get
        {
            ulong total = 0;
            foreach (var bar in Bars)
            {
                if (bar.Is64Bit)
                {
                    total += bar.Size;
                }
            }

            return total == 0 ? 0 : System.Numerics.BitOperations.RoundUpToPowerOf2(total);
        }
    }

    /// <summary>Gets the current binding: address, driver and override.</summary>
    public FunctionBinding Binding => new(Address, Driver, DriverOverride);
}
