using Nvidia.Dra.Core.Preparation;

namespace Nvidia.Dra.Core.Tests.Support;

/// <summary>
/// Injects a fault at one step boundary. A plain fault throws once (the engine rolls back in-process). A crash
/// throws at the boundary and at every boundary after it, so nothing after the crash point happens — not even
/// the rollback — which leaves the node exactly as a killed process would; a fresh instance then recovers.
/// </summary>
internal sealed class FaultHook : IClaimStepHook
{
    private readonly Lock gate = new();
    private (string Operation, ClaimStep Step, int Occurrence, bool Crash)? armed;
    private int seen;

    public bool Crashed { get; private set; }

    public List<(string Operation, ClaimStep Step, string? Device)> Steps { get; } = [];

    public void Arm(string operation, ClaimStep step, int occurrence = 1, bool crash = false)
    {
        lock (gate)
        {
            armed = (operation, step, occurrence, crash);
            seen = 0;
            Crashed = false;
        }
    }

    public void Before(string operation, ClaimStep step, string claimUid, string? pciAddress)
    {
        lock (gate)
        {
            Steps.Add((operation, step, pciAddress));
            if (Crashed)
            {
                throw new SimulatedCrashException($"after crash: {operation} {step}");
            }

            if (armed is { } a && a.Operation == operation && a.Step == step && ++seen == a.Occurrence)
            {
                armed = null;
                Crashed = a.Crash;
                throw new SimulatedCrashException($"injected fault before {operation} {step} ({pciAddress})");
            }
        }
    }
}

/// <summary>The injected fault.</summary>
internal sealed class SimulatedCrashException(string message) : IOException(message);
