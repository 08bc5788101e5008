namespace Nvidia.Dra.Cdi;

/// <summary>
/// A CDI spec: the devices of one vendor/class and the container edits that expose them
/// (JSON/YAML keys <c>cdiVersion</c>, <c>kind</c>, <c>annotations</c>, <c>devices</c>, <c>containerEdits</c>).
/// </summary>
/// <param name="Version">The declared <c>cdiVersion</c>, e.g. <c>0.5.0</c> (one leading <c>v</c> is tolerated).</param>
/// <param name="Kind">The <c>vendor/class</c> qualifier of every device in the spec.</param>
public sealed record CdiSpec(string Version, string Kind)
{
    /// <summary>Gets the spec-level annotations (CDI 0.6.0).</summary>
    public CdiAnnotations Annotations { get; init; } = CdiAnnotations.Empty;

    /// <summary>Gets the devices; a valid spec has at least one.</summary>
    public EquatableArray<CdiDevice> Devices { get; init; }

    /// <summary>Gets the edits applied once whenever any device of this spec is injected.</summary>
    public ContainerEdits ContainerEdits { get; init; } = ContainerEdits.Empty;

    /// <summary>Gets the version the spec declares once its optional leading <c>v</c> is removed.</summary>
    public string NormalizedVersion => CdiVersions.Normalize(Version);

    /// <summary>Gets the device with the given (unqualified) name, or <see langword="null"/>.</summary>
    /// <param name="name">The device name.</param>
    /// <returns>The first device with that name, or <see langword="null"/>.</returns>
    public CdiDevice? FindDevice(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var device in Devices)
        {
            if (string.Equals(device.Name, name, StringComparison.Ordinal))
            {
                return device;
            }
        }

        return null;
    }

    /// <summary>Returns a copy whose <see cref="Version"/> is the minimum version its content requires.</summary>
    /// <returns>The spec with <c>cdiVersion</c> set to <see cref="CdiVersions.MinimumRequired(CdiSpec)"/>.</returns>
    public CdiSpec WithMinimumVersion() => this with { Version = CdiVersions.MinimumRequired(this) };
}
