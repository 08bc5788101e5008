using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core.Tests.Support;

/// <summary>
/// GPUs for tests. The H200 comes from the captured node in the shared fixtures (h200-vm): product, versions,
/// memory, BARs and PCIe root are real; the IOMMU group is added because that VM runs with IOMMU off.
/// </summary>
internal static class TestGpus
{
    public const ulong H200MemoryBytes = 143771UL * 1024 * 1024;

    // Three 64-bit BARs: 16 MiB, 256 GiB, 32 MiB.
    public const ulong H200Bar64Bytes = (16UL << 20) + (256UL << 30) + (32UL << 20);

    public static PhysicalGpu H200(string pci = "0000:00:06.0", int minor = 0, int? iommuGroup = 12, int? numa = null, string? pcieRoot = "pci0000:00") => new()
    {
        PciAddress = pci,
        VendorId = "0x10de",
        DeviceId = "0x2335",
        PciProductName = "GH100 [H200 SXM 141GB]",
        Binding = GpuDriverBinding.Nvidia,
        BoundDriverName = "nvidia",
        IommuGroup = iommuGroup,
        PcieRoot = pcieRoot,
        NumaNode = numa ?? -1,
        Bar64TotalBytes = H200Bar64Bytes,
        Nvml = new NvmlGpuIdentity
        {
            Uuid = $"GPU-122ef966-d249-165e-83be-8b5eb3f4e8{minor:x2}",
            ProductName = "NVIDIA H200",
            Brand = "Nvidia",
            Architecture = "Hopper",
            CudaComputeCapability = "9.0",
            DriverVersion = "580.159.04",
            CudaDriverVersion = "13.0",
            Minor = minor,
            MemoryBytes = H200MemoryBytes,
            AddressingMode = "None",
        },
    };

    /// <summary>An 8-GPU HGX-like node: GPUs on buses 0x18…0xdb across two NUMA nodes, one IOMMU group each.</summary>
    public static IReadOnlyList<PhysicalGpu> EightGpuNode()
    {
        string[] buses = ["18", "2a", "3a", "5d", "9a", "ab", "ba", "db"];
        return buses.Select((bus, i) => H200($"0000:{bus}:00.0", minor: i, iommuGroup: 20 + i, numa: i < 4 ? 0 : 1, pcieRoot: $"pci0000:{bus}")).ToList();
    }
}
