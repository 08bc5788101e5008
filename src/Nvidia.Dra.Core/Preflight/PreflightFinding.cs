namespace Nvidia.Dra.Core.Preflight;

/// <summary>One start-up problem, with what it does and how to fix it.</summary>
/// <param name="Code">A stable identifier, for example <c>IommuDisabled</c>, for alerts and tests.</param>
/// <param name="Severity">What the problem does to the plugin.</param>
/// <param name="Message">What is wrong, naming the path or tool involved.</param>
/// <param name="Remedy">What the person on call should do.</param>
public sealed record PreflightFinding(string Code, PreflightSeverity Severity, string Message, string Remedy)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code} ({Severity}): {Message}. Remedy: {Remedy}";
}
