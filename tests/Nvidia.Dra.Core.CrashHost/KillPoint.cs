using Nvidia.Dra.Core.Preparation;

namespace Nvidia.Dra.Core.CrashHost;

/// <summary>
/// Stops the process at a step boundary: writes the signal file, then blocks forever so the test can kill it
/// with SIGKILL exactly there.
/// </summary>
internal sealed class KillPoint(string signalFile) : IClaimStepHook
{
    public (string Operation, ClaimStep Step)? Armed { get; set; }

    public void Before(string operation, ClaimStep step, string claimUid, string? pciAddress)
    {
        if (Armed is { } armed && armed.Operation == operation && armed.Step == step)
        {
            Signal(signalFile, $"at {operation} {step}");
            Thread.Sleep(Timeout.Infinite);
        }
    }

    public static void Signal(string signalFile, string text) => File.WriteAllText(signalFile, text);
}
