namespace Nvidia.Dra.Vfio;

/// <summary>Reads PCI functions from sysfs.</summary>
public interface IPciDiscovery
{
    /// <summary>Reads every PCI function, sorted by address.</summary>
    /// <returns>The functions.</returns>
    /// <exception cref="SysfsFormatException">A sysfs file is malformed.</exception>
    IReadOnlyList<PciFunction> GetFunctions();

    /// <summary>Reads the NVIDIA GPUs (vendor 0x10de, VGA or 3D class, not VFs), sorted by address.</summary>
    /// <returns>The GPUs; empty on a host without one.</returns>
    /// <exception cref="SysfsFormatException">A GPU's sysfs file is malformed (one bad GPU fails the list; see <see cref="ListNvidiaFunctions"/>).</exception>
    IReadOnlyList<PciFunction> GetNvidiaGpus();

    /// <summary>
    /// Lists the addresses of the NVIDIA functions (vendor 0x10de) without parsing their other attributes, so a
    /// caller can read each with <see cref="GetFunction"/> and leave out one whose sysfs is malformed.
    /// </summary>
    /// <returns>The addresses, sorted.</returns>
    /// <exception cref="SysfsFormatException">A function's vendor file is malformed.</exception>
    IReadOnlyList<PciAddress> ListNvidiaFunctions();

    /// <summary>Reads one function.</summary>
    /// <param name="address">Its address.</param>
    /// <returns>The function.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    PciFunction GetFunction(PciAddress address);

    /// <summary>
    /// Reads what a passthrough plan checks of a function, not the whole function: its identity (vendor, device,
    /// class, taken from the modalias where it is in the kernel's format), modalias and driver and, unless it is a PCI
    /// bridge (class 0x0604, excluded from viability), its <c>driver_override</c>, IOMMU group, SR-IOV facts and
    /// consumer links. The descriptive attributes
    /// (BARs, NUMA node, local CPUs, subsystem ids, revision, PCIe root, VFIO cdev) keep their defaults: read them
    /// with <see cref="GetFunction"/>. A plan is made per claim, right before a switch, so these reads are on every
    /// prepare's path.
    /// </summary>
    /// <param name="address">Its address.</param>
    /// <returns>The function as a plan sees it.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    /// <exception cref="SysfsFormatException">A sysfs file is malformed.</exception>
    PciFunction GetFunctionForPlan(PciAddress address) => GetFunction(address);

    /// <summary>Reads only a function's IOMMU group (one link, not the whole function: a claim's lock key).</summary>
    /// <param name="address">Its address.</param>
    /// <returns>The group, or <see langword="null"/> without an IOMMU.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    /// <exception cref="SysfsFormatException">The link does not name a group.</exception>
    int? GetIommuGroup(PciAddress address) => GetFunction(address).IommuGroup;

    /// <summary>
    /// Reads only the name of the driver a function is bound to (one link, not <c>driver_override</c> and not the
    /// whole function): what a slice refresh after a switch needs.
    /// </summary>
    /// <param name="address">Its address.</param>
    /// <returns>The driver's name, or <see langword="null"/> when none is bound.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    /// <exception cref="SysfsFormatException">The link does not name a driver.</exception>
    string? GetDriver(PciAddress address) => ReadBinding(address).Driver;

    /// <summary>Reads only a function's VFIO device cdev name (<c>vfioN</c>), not the whole function.</summary>
    /// <param name="address">Its address.</param>
    /// <returns>The cdev name, or <see langword="null"/> when the kernel made none.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    string? GetVfioCdev(PciAddress address) => GetFunction(address).VfioCdev;

    /// <summary>Reads the current driver and <c>driver_override</c> of a function (crash reconciliation).</summary>
    /// <param name="address">Its address.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    FunctionBinding ReadBinding(PciAddress address);
}
