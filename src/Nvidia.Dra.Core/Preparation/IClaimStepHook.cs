namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Called at every step boundary of prepare and unprepare, before the step's side effect. The default does
/// nothing; tests inject faults (throw) or crash the process here to prove every boundary is recoverable.
/// </summary>
internal interface IClaimStepHook
{
    /// <summary>Called before a step.</summary>
    /// <param name="operation">"prepare", "unprepare", "rollback" or "recovery".</param>
    /// <param name="step">The step about to run.</param>
    /// <param name="claimUid">The claim.</param>
    /// <param name="pciAddress">The device, for per-device steps.</param>
    void Before(string operation, ClaimStep step, string claimUid, string? pciAddress);
}

/// <summary>The production hook: nothing.</summary>
internal sealed class NoClaimStepHook : IClaimStepHook
{
    public static readonly NoClaimStepHook Instance = new();

    public void Before(string operation, ClaimStep step, string claimUid, string? pciAddress)
    {
    }
}
