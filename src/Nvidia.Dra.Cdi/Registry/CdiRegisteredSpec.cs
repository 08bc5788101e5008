namespace Nvidia.Dra.Cdi;

/// <summary>A valid spec loaded from a spec directory.</summary>
/// <param name="Path">The file it was loaded from.</param>
/// <param name="Priority">The index of its directory in the configured list (higher wins).</param>
/// <param name="Spec">The spec.</param>
public sealed record CdiRegisteredSpec(string Path, int Priority, CdiSpec Spec)
{
    /// <summary>Gets the vendor part of the spec's kind.</summary>
    public string Vendor => CdiNames.ParseKind(Spec.Kind).Vendor;

    /// <summary>Gets the class part of the spec's kind.</summary>
    public string Class => CdiNames.ParseKind(Spec.Kind).Class;
}
