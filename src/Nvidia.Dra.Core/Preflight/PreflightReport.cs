namespace Nvidia.Dra.Core.Preflight;

/// <summary>The verdict of start-up checks.</summary>
/// <param name="Findings">Every problem found, fatal ones first.</param>
public sealed record PreflightReport(IReadOnlyList<PreflightFinding> Findings)
{
    /// <summary>Gets a value indicating whether the plugin may start (no fatal finding).</summary>
    public bool CanStart => Findings.All(f => f.Severity != PreflightSeverity.Fatal);

    /// <summary>
    /// Gets a value indicating whether the vfio view may be advertised: the gate is on (checked by the evaluator)
    /// and no finding disables passthrough.
    /// </summary>
    public required bool PassthroughAvailable { get; init; }

    /// <summary>Throws when a finding is fatal.</summary>
    /// <exception cref="PreflightException">At least one finding is fatal; the message lists each with its remedy.</exception>
    public void ThrowIfFatal()
    {
        var fatal = Findings.Where(f => f.Severity == PreflightSeverity.Fatal).ToList();
        if (fatal.Count > 0)
        {
            throw new PreflightException(
                "the GPU kubelet plugin cannot start: " + string.Join("; ", fatal.Select(f => f.ToString())),
                fatal);
        }
    }
}
