namespace Nvidia.Dra.Vfio;

/// <summary>A step of the driver switch failed; the switch rolled back (see RolledBack and RollbackError).</summary>
public sealed class DriverSwitchFailedException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The function whose step failed.</param>
    /// <param name="step">The step.</param>
    /// <param name="detail">What was being done, with the values.</param>
    /// <param name="rolledBack">Whether every touched function is back in its recorded state.</param>
    /// <param name="rollbackError">The rollback failure, when it failed.</param>
    /// <param name="innerException">The cause.</param>
    public DriverSwitchFailedException(PciAddress device, VfioStep step, string detail, bool rolledBack, Exception? rollbackError, Exception? innerException)
        : base(
            $"PCI function {device}: step {step} failed ({detail}): {innerException?.Message} " +
            (rolledBack
                ? "Every touched function was restored to its recorded state."
                : rollbackError is null
                    ? "The functions may be between drivers; restore the recorded prior state again to recover."
                    : $"Rollback did not complete ({rollbackError.Message}); restore the recorded prior state to recover."),
            device,
            step,
            innerException)
    {
        RolledBack = rolledBack;
        RollbackError = rollbackError;
    }

    /// <summary>Gets a value indicating whether every touched function is back in its recorded state.</summary>
    public bool RolledBack { get; }

    /// <summary>Gets the rollback failure, when it failed.</summary>
    public Exception? RollbackError { get; }
}
