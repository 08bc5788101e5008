namespace Nvidia.Dra.Core;

/// <summary>
/// Preparing or unpreparing a claim failed at a step. The message names the claim, the device, the step and a
/// remedy; <see cref="RolledBack"/> says whether the node is back where it was.
/// </summary>
public class ClaimPreparationException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="claim">The claim, as <c>namespace/name (uid)</c>.</param>
    /// <param name="device">The device or PCI address concerned, when there is one.</param>
    /// <param name="step">The step that failed.</param>
    /// <param name="message">The problem and the remedy.</param>
    /// <param name="rolledBack">Whether everything done so far was undone.</param>
    /// <param name="isTransient">Whether a retry may succeed unchanged.</param>
    /// <param name="innerException">The cause.</param>
    public ClaimPreparationException(string claim, string? device, ClaimStep step, string message, bool rolledBack, bool isTransient = false, Exception? innerException = null)
        : base($"claim {claim}{(device is null ? string.Empty : $", device {device}")}, step {step}: {message}{(rolledBack ? string.Empty : " (the claim is recorded in the checkpoint; unprepare or the next start-up finishes the cleanup)")}", innerException)
    {
        Claim = claim;
        Device = device;
        Step = step;
        RolledBack = rolledBack;
        Transient = isTransient;
    }

    /// <summary>Gets the claim, as <c>namespace/name (uid)</c>.</summary>
    public string Claim { get; }

    /// <summary>Gets the device or PCI address concerned, when there is one.</summary>
    public string? Device { get; }

    /// <summary>Gets the step that failed.</summary>
    public ClaimStep Step { get; }

    /// <summary>Gets a value indicating whether everything done so far was undone.</summary>
    public bool RolledBack { get; }

    /// <inheritdoc/>
    public override bool IsTransient => Transient;

    private bool Transient { get; }
}
