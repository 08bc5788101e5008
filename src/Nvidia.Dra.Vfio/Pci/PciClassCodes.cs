namespace Nvidia.Dra.Vfio;

/// <summary>PCI vendor and class codes the package recognises.</summary>
public static class PciClassCodes
{
    /// <summary>NVIDIA's PCI vendor id.</summary>
    public const ushort NvidiaVendorId = 0x10de;

    /// <summary>Base class and subclass of a VGA-compatible display controller.</summary>
    public const int VgaController = 0x0300;

    /// <summary>Base class and subclass of a 3D controller (SXM data-centre GPUs).</summary>
    public const int ThreeDController = 0x0302;

    /// <summary>Base class and subclass "other bridge", used by NVSwitch.</summary>
    public const int OtherBridge = 0x0680;

    /// <summary>Base class and subclass of a PCI-to-PCI bridge (root and switch ports).</summary>
    public const int PciBridge = 0x0604;

    /// <summary>Base class of multimedia devices (HDMI audio is 0x0403).</summary>
    public const int MultimediaBaseClass = 0x04;
}
