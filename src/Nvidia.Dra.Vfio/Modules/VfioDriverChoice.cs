namespace Nvidia.Dra.Vfio;

/// <summary>The VFIO module chosen for a device from <c>modules.alias</c>.</summary>
/// <param name="Module">The module name (<c>vfio_pci</c>, <c>nvgrace_gpu_vfio_pci</c>).</param>
/// <param name="MatchedAlias">The alias pattern that won, or <see langword="null"/> for the <c>vfio-pci</c> fallback.</param>
/// <param name="Wildcards">How many of the pattern's seven fields were <c>*</c>.</param>
/// <param name="Reason">Why this module, in words.</param>
public sealed record VfioDriverChoice(string Module, string? MatchedAlias, int Wildcards, string Reason)
{
    /// <summary>The generic module used when no alias matches.</summary>
    public const string GenericModule = "vfio_pci";

    /// <summary>Gets a value indicating whether this is the generic <c>vfio_pci</c>, not a variant driver.</summary>
    public bool IsGeneric => Module == GenericModule;
}
