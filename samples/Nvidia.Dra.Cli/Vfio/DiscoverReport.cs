using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary>What <c>nvdra discover --json</c> prints.</summary>
internal sealed record DiscoverReport(string SysfsRoot, int PciFunctions, IommuState Iommu, IReadOnlyList<GpuReport> Gpus, IReadOnlyList<string> OtherNvidiaFunctions);

/// <summary>One GPU: its PCI facts, standard attributes and passthrough viability.</summary>
internal sealed record GpuReport(
    string PciBusId,
    string? PcieRoot,
    int? NumaNode,
    string VendorId,
    string DeviceId,
    string ClassCode,
    string? Driver,
    string? DriverOverride,
    int? IommuGroup,
    int SriovNumVfs,
    ulong AddressableMemoryBytes,
    string VfioModule,
    bool Viable,
    IReadOnlyList<string> Blockers,
    IReadOnlyList<MemberReport> GroupMembers);

/// <summary>A function of the GPU's IOMMU group and the plan's role for it.</summary>
internal sealed record MemberReport(string Address, string? Driver, PlanRole Role, string Reason);
