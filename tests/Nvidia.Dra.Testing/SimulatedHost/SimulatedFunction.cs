using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>One PCI function of a simulated host, as the topology describes it before any switch.</summary>
public sealed record SimulatedFunction
{
    /// <summary>Gets the address.</summary>
    public required PciAddress Address { get; init; }

    /// <summary>Gets the vendor id.</summary>
    public ushort VendorId { get; init; } = PciClassCodes.NvidiaVendorId;

    /// <summary>Gets the device id.</summary>
    public ushort DeviceId { get; init; }

    /// <summary>Gets the 24-bit class code.</summary>
    public int ClassCode { get; init; } = 0x030200;

    /// <summary>Gets the subsystem vendor id.</summary>
    public ushort SubsystemVendorId { get; init; } = PciClassCodes.NvidiaVendorId;

    /// <summary>Gets the subsystem device id.</summary>
    public ushort SubsystemDeviceId { get; init; }

    /// <summary>Gets the bound driver, or null for none.</summary>
    public string? Driver { get; init; }

    /// <summary>Gets the initial <c>driver_override</c>, or null for <c>(null)</c>.</summary>
    public string? DriverOverride { get; init; }

    /// <summary>Gets the IOMMU group (ignored when the topology has the IOMMU off).</summary>
    public int? IommuGroup { get; init; }

    /// <summary>Gets the NUMA node; -1 for none.</summary>
    public int NumaNode { get; init; } = -1;

    /// <summary>Gets the local CPU list.</summary>
    public string LocalCpuList { get; init; } = "0-15";

    /// <summary>Gets the BARs as (index, start, size, flags).</summary>
    public IReadOnlyList<(int Index, ulong Start, ulong Size, ulong Flags)> Bars { get; init; } = [];

    /// <summary>Gets <c>sriov_totalvfs</c>; null when the function has no SR-IOV capability.</summary>
    public int? SriovTotalVfs { get; init; }

    /// <summary>Gets <c>sriov_numvfs</c>.</summary>
    public int SriovNumVfs { get; init; }

    /// <summary>Gets the physical function, for a VF.</summary>
    public PciAddress? PhysicalFunction { get; init; }

    /// <summary>Gets the functions this one supplies through <c>consumer:pci:</c> links.</summary>
    public IReadOnlyList<PciAddress> Consumers { get; init; } = [];

    /// <summary>Gets the nvidia minor number (<c>/dev/nvidia&lt;minor&gt;</c>) for a GPU.</summary>
    public int? NvidiaMinor { get; init; }

    /// <summary>Gets a value indicating whether the nvidia driver offers <c>unbindLock</c> for this GPU.</summary>
    public bool HasUnbindLock { get; init; }

    /// <summary>Gets the root complex directory under <c>/sys/devices</c>; defaults to <c>pci&lt;domain&gt;:&lt;bus&gt;</c>.</summary>
    public string? RootComplex { get; init; }

    /// <summary>Gets the path of the device directory relative to <c>/sys</c>.</summary>
    public string DevicePath => $"devices/{RootComplex ?? string.Create(CultureInfo.InvariantCulture, $"pci{Address.Domain:x4}:{Address.Bus:x2}")}/{Address}";

    /// <summary>Gets the modalias the kernel would print.</summary>
    public string Modalias => string.Create(
        CultureInfo.InvariantCulture,
        $"pci:v{VendorId:X8}d{DeviceId:X8}sv{SubsystemVendorId:X8}sd{SubsystemDeviceId:X8}bc{ClassCode >> 16:X2}sc{(ClassCode >> 8) & 0xff:X2}i{ClassCode & 0xff:X2}");

    /// <summary>Gets the sysfs attribute files of the function.</summary>
    /// <returns>File name to content.</returns>
    public IReadOnlyDictionary<string, string> Attributes()
    {
        var attributes = new Dictionary<string, string>
        {
            ["vendor"] = Hex(VendorId, 4),
            ["device"] = Hex(DeviceId, 4),
            ["class"] = Hex(ClassCode, 6),
            ["subsystem_vendor"] = Hex(SubsystemVendorId, 4),
            ["subsystem_device"] = Hex(SubsystemDeviceId, 4),
            ["revision"] = "0xa1\n",
            ["numa_node"] = NumaNode.ToString(CultureInfo.InvariantCulture) + "\n",
            ["local_cpulist"] = LocalCpuList + "\n",
            ["driver_override"] = (DriverOverride ?? "(null)") + "\n",
            ["modalias"] = Modalias + "\n",
            ["resource"] = Resource(),
        };
        if (SriovTotalVfs is { } total)
        {
            attributes["sriov_totalvfs"] = total.ToString(CultureInfo.InvariantCulture) + "\n";
            attributes["sriov_numvfs"] = SriovNumVfs.ToString(CultureInfo.InvariantCulture) + "\n";
        }

        return attributes;
    }

    private static string Hex(int value, int digits) => "0x" + value.ToString("x" + digits, CultureInfo.InvariantCulture) + "\n";

    private string Resource()
    {
        var lines = new string[13];
        for (var i = 0; i < lines.Length; i++)
        {
            var bar = Bars.FirstOrDefault(b => b.Index == i);
            lines[i] = bar.Size == 0
                ? "0x0000000000000000 0x0000000000000000 0x0000000000000000"
                : string.Create(CultureInfo.InvariantCulture, $"0x{bar.Start:x16} 0x{bar.Start + bar.Size - 1:x16} 0x{bar.Flags:x16}");
        }

        return string.Join('\n', lines) + "\n";
    }
}
