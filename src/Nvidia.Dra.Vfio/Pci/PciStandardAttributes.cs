namespace Nvidia.Dra.Vfio;

/// <summary>Names of the Kubernetes standard device attributes derived from PCI facts.</summary>
public static class PciStandardAttributes
{
    /// <summary>The PCI bus id attribute; value <see cref="PciFunction.PciBusId"/>.</summary>
    public const string PciBusId = "resource.kubernetes.io/pciBusID";

    /// <summary>The PCIe root attribute; value <see cref="PciFunction.PcieRoot"/> (omit when null).</summary>
    public const string PcieRoot = "resource.kubernetes.io/pcieRoot";

    /// <summary>The NUMA node attribute; value <see cref="PciFunction.NumaNode"/> (omit when null).</summary>
    public const string NumaNode = "resource.kubernetes.io/numaNode";
}
