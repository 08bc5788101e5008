using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

/// <summary><c>nvmlPciInfo_t</c>: 68 bytes, alignment 4 (asserted in tests).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlPciInfo
{
    /// <summary><c>char busIdLegacy[16]</c>: <c>%04X:%02X:%02X.0</c>.</summary>
    public NvmlChars16 BusIdLegacy;

    /// <summary>PCI domain.</summary>
    public uint Domain;

    /// <summary>PCI bus.</summary>
    public uint Bus;

    /// <summary>PCI device (slot).</summary>
    public uint Device;

    /// <summary>(device id &lt;&lt; 16) | vendor id.</summary>
    public uint PciDeviceId;

    /// <summary>(subsystem device id &lt;&lt; 16) | subsystem vendor id.</summary>
    public uint PciSubSystemId;

    /// <summary><c>char busId[32]</c>: <c>%08X:%02X:%02X.0</c>.</summary>
    public NvmlChars32 BusId;

    /// <summary>The <see cref="BusId"/> text.</summary>
    public readonly string BusIdString => NvmlStrings.Decode(BusId);

    /// <summary>Builds the struct as NVML fills it, for fakes.</summary>
    public static NvmlPciInfo Create(uint domain, uint bus, uint device, uint pciDeviceId, uint pciSubSystemId)
    {
        var info = new NvmlPciInfo
        {
            Domain = domain,
            Bus = bus,
            Device = device,
            PciDeviceId = pciDeviceId,
            PciSubSystemId = pciSubSystemId,
        };
        NvmlStrings.Encode($"{domain:X4}:{bus:X2}:{device:X2}.0", info.BusIdLegacy);
        NvmlStrings.Encode($"{domain:X8}:{bus:X2}:{device:X2}.0", info.BusId);
        return info;
    }
}
