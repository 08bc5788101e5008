namespace Nvidia.Dra.Vfio;

/// <summary>The VFIO driver chosen for the device is not registered and could not be loaded.</summary>
public sealed class VfioDriverUnavailableException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The device.</param>
    /// <param name="module">The module name.</param>
    /// <param name="detail">What was checked.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public VfioDriverUnavailableException(PciAddress device, string module, string detail, Exception? innerException = null)
        : base(
            $"PCI function {device}: VFIO driver module {module} is not available ({detail}). Load it on the host (modprobe {module}) and check that /lib/modules is mounted.",
            device,
            VfioStep.LoadModule,
            innerException)
    {
        Module = module;
    }

    /// <summary>Gets the module name.</summary>
    public string Module { get; }
}
