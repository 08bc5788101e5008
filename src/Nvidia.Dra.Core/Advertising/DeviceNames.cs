namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// Device and counter-set names derived from the PCI address only, so they survive restarts, rebinding (the NVML
/// minor changes when a GPU comes back from vfio-pci), hot-plug and reordering (W13). <c>0000:65:00.0</c> gives
/// <c>gpu-0000-65-00-0</c>, <c>gpu-vfio-0000-65-00-0</c> and counter set <c>pci-0000-65-00-0</c>: all DNS labels.
/// </summary>
public static class DeviceNames
{
    /// <summary>The prefix of gpu device names.</summary>
    public const string GpuPrefix = "gpu-";

    /// <summary>The prefix of vfio device names.</summary>
    public const string VfioPrefix = "gpu-vfio-";

    /// <summary>The counter every view of a GPU consumes one of.</summary>
    public const string CounterName = "gpu";

    /// <summary>Gets the gpu device name of a GPU.</summary>
    /// <param name="pciAddress">The PCI address, <c>dddd:bb:dd.f</c>.</param>
    /// <returns>For example <c>gpu-0000-65-00-0</c>.</returns>
    /// <exception cref="ResourceSliceException">The address is malformed.</exception>
    public static string Gpu(string pciAddress) => GpuPrefix + Suffix(pciAddress);

    /// <summary>Gets the vfio device name of a GPU.</summary>
    /// <param name="pciAddress">The PCI address, <c>dddd:bb:dd.f</c>.</param>
    /// <returns>For example <c>gpu-vfio-0000-65-00-0</c>.</returns>
    /// <exception cref="ResourceSliceException">The address is malformed.</exception>
    public static string Vfio(string pciAddress) => VfioPrefix + Suffix(pciAddress);

    /// <summary>Gets the name of the counter set both views of a GPU consume from.</summary>
    /// <param name="pciAddress">The PCI address, <c>dddd:bb:dd.f</c>.</param>
    /// <returns>For example <c>pci-0000-65-00-0</c>.</returns>
    /// <exception cref="ResourceSliceException">The address is malformed.</exception>
    public static string CounterSet(string pciAddress) => "pci-" + Suffix(pciAddress);

    /// <summary>Gets the PCI address a gpu or vfio device name was derived from.</summary>
    /// <param name="deviceName">A device name of this driver.</param>
    /// <returns>The address, <c>dddd:bb:dd.f</c>, or <see langword="null"/> when the name is not one of ours.</returns>
    internal static string? TryGetPciAddress(string deviceName)
    {
        var suffix = deviceName.StartsWith(VfioPrefix, StringComparison.Ordinal) ? deviceName[VfioPrefix.Length..]
            : deviceName.StartsWith(GpuPrefix, StringComparison.Ordinal) ? deviceName[GpuPrefix.Length..]
            : null;
        return suffix?.Split('-') is [{ Length: 4 } domain, { Length: 2 } bus, { Length: 2 } slot, { Length: 1 } function]
            ? $"{domain}:{bus}:{slot}.{function}"
            : null;
    }

    private static string Suffix(string pciAddress) =>
        PciAddress.Normalize(pciAddress, "PCI address").Replace(':', '-').Replace('.', '-');
}
