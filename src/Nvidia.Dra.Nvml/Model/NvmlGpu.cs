namespace Nvidia.Dra.Nvml;

/// <summary>A snapshot of one GPU as NVML reports it. Optional properties are <see langword="null"/> where the GPU
/// or driver does not support the query.</summary>
public sealed record NvmlGpu
{
    /// <summary>NVML's index. Not stable across reboots: identify GPUs by <see cref="Uuid"/> or <see cref="PciBusId"/>.</summary>
    public required int Index { get; init; }

    /// <summary>The GPU UUID, <c>GPU-…</c>.</summary>
    public required string Uuid { get; init; }

    /// <summary>The product name, such as <c>NVIDIA H200</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The product brand.</summary>
    public required NvmlBrand Brand { get; init; }

    /// <summary>The architecture.</summary>
    public required NvmlArchitecture Architecture { get; init; }

    /// <summary>The CUDA compute capability.</summary>
    public required NvmlComputeCapability ComputeCapability { get; init; }

    /// <summary>Total framebuffer memory in bytes.</summary>
    public required ulong MemoryTotalBytes { get; init; }

    /// <summary>The PCI bus id in the sysfs form, <c>0000:3b:00.0</c>.</summary>
    public required string PciBusId { get; init; }

    /// <summary>(PCI device id &lt;&lt; 16) | vendor id, e.g. <c>0x233510DE</c>.</summary>
    public required uint PciDeviceId { get; init; }

    /// <summary>(PCI subsystem id &lt;&lt; 16) | subsystem vendor id.</summary>
    public required uint PciSubsystemId { get; init; }

    /// <summary>The minor number of <c>/dev/nvidia&lt;minor&gt;</c>, or <see langword="null"/>.</summary>
    public int? MinorNumber { get; init; }

    /// <summary>Whether persistence mode is on, or <see langword="null"/>.</summary>
    public bool? PersistenceModeEnabled { get; init; }

    /// <summary>The MIG mode, or <see langword="null"/> on GPUs without MIG (before Ampere, or consumer parts).</summary>
    public NvmlMigMode? MigMode { get; init; }

    /// <summary>The PCI device id (upper 16 bits of <see cref="PciDeviceId"/>), e.g. <c>0x2335</c>.</summary>
    public ushort DeviceId => (ushort)(PciDeviceId >> 16);

    /// <summary>The PCI vendor id (lower 16 bits of <see cref="PciDeviceId"/>), <c>0x10de</c> for NVIDIA.</summary>
    public ushort VendorId => (ushort)(PciDeviceId & 0xFFFF);
}
