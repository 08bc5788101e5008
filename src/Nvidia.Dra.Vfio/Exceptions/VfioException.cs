namespace Nvidia.Dra.Vfio;

/// <summary>
/// The root of every exception this package throws on purpose. Messages name the device, the step, the value
/// and a remedy, so that a person on call can act on the message alone.
/// </summary>
public class VfioException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened, to which device, and what to do about it.</param>
    public VfioException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What happened, to which device, and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public VfioException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names the device and the step.</summary>
    /// <param name="message">What happened and what to do about it.</param>
    /// <param name="device">The PCI function concerned, when there is one.</param>
    /// <param name="step">The step that failed.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public VfioException(string message, PciAddress? device, VfioStep step, Exception? innerException = null)
        : base(message, innerException)
    {
        Device = device;
        Step = step;
    }

    /// <summary>Creates an exception with no message (serialization and tooling only).</summary>
    public VfioException()
    {
    }

    /// <summary>Gets the PCI function concerned, when there is one.</summary>
    public PciAddress? Device { get; }

    /// <summary>Gets the step that failed, when known.</summary>
    public VfioStep? Step { get; }
}
