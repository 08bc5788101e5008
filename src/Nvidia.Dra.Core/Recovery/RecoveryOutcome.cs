namespace Nvidia.Dra.Core.Recovery;

/// <summary>What start-up recovery did.</summary>
/// <param name="CheckpointReset">Whether the node had rebooted, so every claim was forgotten.</param>
/// <param name="RecoveredClaims">The UIDs of claims rolled back or forgotten.</param>
/// <param name="Errors">Claims that could not be repaired (they stay recorded and are retried).</param>
/// <param name="PreparedClaims">The UIDs of claims still recorded (completed, or not repaired).</param>
public sealed record RecoveryOutcome(
    bool CheckpointReset,
    IReadOnlyList<string> RecoveredClaims,
    IReadOnlyList<NvidiaDraException> Errors,
    IReadOnlyList<string> PreparedClaims)
{
    /// <summary>Gets the GPUs found switched by this driver with no checkpoint record (a lost checkpoint), and what was done.</summary>
    public IReadOnlyList<UnrecordedVfioGpu> UnrecordedGpus { get; init; } = [];
}
