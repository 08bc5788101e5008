namespace Nvidia.Dra.Vfio;

/// <summary>A sysfs write or a wait did not complete within its deadline; the device may still be busy in the kernel.</summary>
public sealed class DriverSwitchTimeoutException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The function being switched.</param>
    /// <param name="step">The step that timed out.</param>
    /// <param name="detail">What was being written or awaited.</param>
    /// <param name="timeout">The deadline.</param>
    public DriverSwitchTimeoutException(PciAddress device, VfioStep step, string detail, TimeSpan timeout)
        : base(
            $"PCI function {device}: step {step} ({detail}) did not complete within {timeout.TotalSeconds:0.###} s. The kernel may still be working on it; the device stays marked in flight until it returns. Look for holders (nvdra holders) and kernel messages (dmesg), then restore the recorded state.",
            device,
            step)
    {
        Timeout = timeout;
    }

    /// <summary>Gets the deadline that passed.</summary>
    public TimeSpan Timeout { get; }
}
