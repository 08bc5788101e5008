namespace Nvidia.Dra.Vfio;

/// <summary>The device is not one this package switches: not an NVIDIA GPU, an SR-IOV VF, or on an unexpected driver.</summary>
public sealed class UnsupportedDeviceException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The function that was refused.</param>
    /// <param name="reason">Why, with the values that decided it and a remedy.</param>
    public UnsupportedDeviceException(PciAddress device, string reason)
        : base($"PCI function {device} cannot be passed through: {reason}", device, VfioStep.Plan)
    {
    }
}
