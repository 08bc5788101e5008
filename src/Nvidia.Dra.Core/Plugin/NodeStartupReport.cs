using Nvidia.Dra.Core.Preflight;
using Nvidia.Dra.Core.Recovery;

namespace Nvidia.Dra.Core;

/// <summary>What start-up found and did.</summary>
/// <param name="Preflight">The host checks (warnings included; fatal ones throw instead).</param>
/// <param name="Recovery">The checkpoint reconciliation.</param>
public sealed record NodeStartupReport(PreflightReport Preflight, RecoveryOutcome Recovery);
