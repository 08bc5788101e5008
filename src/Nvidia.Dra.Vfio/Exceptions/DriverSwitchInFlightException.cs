namespace Nvidia.Dra.Vfio;

/// <summary>Another switch of the same device is still running (or stuck in the kernel); this one failed fast.</summary>
public sealed class DriverSwitchInFlightException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The busy function.</param>
    /// <param name="activity">What the other switch is doing.</param>
    public DriverSwitchInFlightException(PciAddress device, string activity)
        : base(
            $"PCI function {device} is already being switched ({activity}); refusing a second switch. Wait for it to finish; if a sysfs write is stuck in the kernel, find the holders (nvdra holders) and check dmesg.",
            device,
            VfioStep.Plan)
    {
    }
}
