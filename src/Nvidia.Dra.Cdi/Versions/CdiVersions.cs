using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// The known CDI spec versions, the minimum version a spec's content requires, and the check of a declared
/// version, following the reference library's version logic.
/// </summary>
public static class CdiVersions
{
    /// <summary>The newest spec version this package understands.</summary>
    public const string Current = "1.1.0";

    /// <summary>The earliest version a spec may declare.</summary>
    public const string Earliest = "0.3.0";

    // Newest first: the minimum required version is the first entry whose feature test holds.
    private static readonly ImmutableArray<(string Version, Func<CdiSpec, bool>? IsRequired)> s_known =
    [
        ("1.1.0", RequiresV110),
        ("1.0.0", null),
        ("0.8.0", null),
        ("0.7.0", RequiresV070),
        ("0.6.0", RequiresV060),
        ("0.5.0", RequiresV050),
        ("0.4.0", RequiresV040),
        ("0.3.0", null),
        ("0.2.0", null),
        ("0.1.0", null),
    ];

    /// <summary>Gets every known version, newest first (0.1.0 and 0.2.0 are known but can never be declared).</summary>
    public static ImmutableArray<string> Known { get; } = [.. s_known.Select(k => k.Version)];

    /// <summary>Removes one optional leading lower-case <c>v</c>.</summary>
    /// <param name="version">The declared version.</param>
    /// <returns>The version without the prefix.</returns>
    public static string Normalize(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.StartsWith('v') ? version[1..] : version;
    }

    /// <summary>Gets whether the version (after <see cref="Normalize"/>) is a known spec version.</summary>
    /// <param name="version">The version.</param>
    /// <returns><see langword="true"/> for a known version.</returns>
    public static bool IsKnown(string version) => IndexOf(Normalize(version)) >= 0;

    /// <summary>
    /// Computes the oldest version that supports every feature the spec uses: 1.1.0 for <c>netDevices</c>,
    /// <c>intelRdt.schemata</c> or <c>intelRdt.enableMonitoring</c>; 0.7.0 for <c>intelRdt</c> or
    /// <c>additionalGids</c>; 0.6.0 for annotations or a dot in the class; 0.5.0 for a device node
    /// <c>hostPath</c> or a device name starting with a digit; 0.4.0 for a mount <c>type</c>; otherwise 0.3.0.
    /// The spec need not be valid.
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The version, without a <c>v</c> prefix.</returns>
    public static string MinimumRequired(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var (version, isRequired) in s_known)
        {
            if (isRequired is not null && isRequired(spec))
            {
                return version;
            }
        }

        return Earliest;
    }

    /// <summary>
    /// Checks the declared version: it must be known, and not older than <see cref="MinimumRequired"/>.
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <returns><see langword="null"/> when acceptable, otherwise the reason.</returns>
    public static string? Validate(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var declared = Normalize(spec.Version ?? string.Empty);
        var declaredIndex = IndexOf(declared);
        if (declaredIndex < 0)
        {
            return $"invalid version \"{spec.Version}\"; use one of {string.Join(", ", Known.Take(Known.Length - 2))}";
        }

        var minimum = MinimumRequired(spec);
        return IndexOf(minimum) < declaredIndex ? $"the spec version must be at least v{minimum}" : null;
    }

    private static int IndexOf(string version)
    {
        for (var i = 0; i < s_known.Length; i++)
        {
            if (string.Equals(s_known[i].Version, version, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<ContainerEdits> AllEdits(CdiSpec spec)
    {
        foreach (var device in spec.Devices)
        {
            yield return device.ContainerEdits ?? ContainerEdits.Empty;
        }

        yield return spec.ContainerEdits ?? ContainerEdits.Empty;
    }

    private static bool RequiresV110(CdiSpec spec) =>
        AllEdits(spec).Any(e => !e.NetDevices.IsEmpty || e.IntelRdt is { } rdt && (rdt.Schemata is not null || rdt.EnableMonitoring));

    private static bool RequiresV070(CdiSpec spec) =>
        AllEdits(spec).Any(e => e.IntelRdt is not null || !e.AdditionalGids.IsEmpty);

    private static bool RequiresV060(CdiSpec spec)
    {
        if ((spec.Annotations?.Count ?? 0) > 0 || spec.Devices.Any(d => (d.Annotations?.Count ?? 0) > 0))
        {
            return true;
        }

        var kind = spec.Kind ?? string.Empty;
        var slash = kind.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 && kind.AsSpan(slash + 1).Contains('.');
    }

    private static bool RequiresV050(CdiSpec spec) =>
        spec.Devices.Any(d => d.Name is { Length: > 0 } name && char.IsAsciiDigit(name[0]))
        || AllEdits(spec).Any(e => e.DeviceNodes.Any(n => !string.IsNullOrEmpty(n.HostPath)));

    private static bool RequiresV040(CdiSpec spec) =>
        AllEdits(spec).Any(e => e.Mounts.Any(m => !string.IsNullOrEmpty(m.Type)));
}
