namespace Nvidia.Dra.Vfio;

/// <summary>A reason passthrough is impossible, naming the function and a remedy.</summary>
/// <param name="Function">The function concerned.</param>
/// <param name="Kind">The kind of blocker.</param>
/// <param name="Message">What blocks it and what to do.</param>
public sealed record PlanBlocker(PciAddress Function, PlanBlockerKind Kind, string Message);
