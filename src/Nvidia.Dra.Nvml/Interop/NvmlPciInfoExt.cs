using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

/// <summary><c>nvmlPciInfoExt_v1_t</c>: 64 bytes; <see cref="Version"/> must be <see cref="Version1"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlPciInfoExt
{
    /// <summary><c>nvmlPciInfoExt_v1</c> = sizeof | (1 &lt;&lt; 24).</summary>
    public const uint Version1 = 0x01000040;

    /// <summary>The struct version the caller sets.</summary>
    public uint Version;

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

    /// <summary>PCI base class.</summary>
    public uint BaseClass;

    /// <summary>PCI sub class.</summary>
    public uint SubClass;

    /// <summary><c>char busId[32]</c>.</summary>
    public NvmlChars32 BusId;
}
