namespace Nvidia.Dra.Core;

/// <summary>
/// A start-up prerequisite that the plugin cannot run without is missing (for example IOMMU disabled while
/// <c>PassthroughSupport</c> is on). The message lists every fatal finding with its remedy.
/// </summary>
public sealed class PreflightException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="message">Every fatal finding, each with its remedy.</param>
    /// <param name="findings">The fatal findings.</param>
    public PreflightException(string message, IReadOnlyList<Nvidia.Dra.Core.Preflight.PreflightFinding> findings)
        : base(message)
    {
        Findings = findings;
    }

    /// <summary>Gets the fatal findings that stopped start-up.</summary>
    public IReadOnlyList<Nvidia.Dra.Core.Preflight.PreflightFinding> Findings { get; }
}
