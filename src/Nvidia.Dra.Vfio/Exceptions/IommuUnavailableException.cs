namespace Nvidia.Dra.Vfio;

/// <summary>The IOMMU is off, or the device has no IOMMU group, so VFIO passthrough is impossible.</summary>
public sealed class IommuUnavailableException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The device concerned, when there is one.</param>
    /// <param name="reason">Why the IOMMU is unusable, with a remedy.</param>
    public IommuUnavailableException(PciAddress? device, string reason)
        : base(device is null ? reason : $"PCI function {device}: {reason}", device, VfioStep.Plan)
    {
    }
}
