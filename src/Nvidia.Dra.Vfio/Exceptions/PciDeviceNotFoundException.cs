namespace Nvidia.Dra.Vfio;

/// <summary>No PCI function with the given address exists under the configured sysfs root.</summary>
public sealed class PciDeviceNotFoundException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The missing function.</param>
    /// <param name="devicesDirectory">The directory that was searched.</param>
    public PciDeviceNotFoundException(PciAddress device, string devicesDirectory)
        : base(
            $"PCI function {device} does not exist under {devicesDirectory}. Check the address (lspci -D) and the configured sysfs root.",
            device,
            VfioStep.Discover)
    {
    }
}
