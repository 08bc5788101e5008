using System.Collections.Frozen;

namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>
/// An immutable, validated set of feature-gate values: every known gate at its default unless overridden, with
/// the dependency rules checked. Instances only exist in a consistent state.
/// </summary>
public sealed class FeatureGateSet
{
    private readonly FrozenDictionary<string, bool> values;

    private FeatureGateSet(FrozenDictionary<string, bool> values)
    {
        this.values = values;
    }

    /// <summary>Gets the set with every gate at its default.</summary>
    public static FeatureGateSet Defaults { get; } = Create(new Dictionary<string, bool>(StringComparer.Ordinal));

    /// <summary>Gets a value indicating whether <c>PassthroughSupport</c> is on.</summary>
    public bool PassthroughSupport => IsEnabled(FeatureGateNames.PassthroughSupport);

    /// <summary>Gets a value indicating whether <c>DeviceMetadata</c> is on.</summary>
    public bool DeviceMetadata => IsEnabled(FeatureGateNames.DeviceMetadata);

    /// <summary>Gets every known gate and its value, ordered by name.</summary>
    public IReadOnlyDictionary<string, bool> Values => values;

    /// <summary>
    /// Parses the Kubernetes <c>--feature-gates</c> form, <c>A=true,B=false</c>, over the defaults. Values follow
    /// Go's <c>strconv.ParseBool</c> (<c>true</c>, <c>false</c>, <c>1</c>, <c>0</c>, <c>t</c>, <c>f</c>, in the
    /// usual cases); blank entries are skipped.
    /// </summary>
    /// <param name="flag">The flag value; <see langword="null"/> or blank means all defaults.</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="FeatureGateException">An entry has no value, an unknown name, a non-boolean value, or is
    /// repeated; or the resulting gates break a dependency rule.</exception>
    public static FeatureGateSet Parse(string? flag) => Create(ParseFlag(flag));

    /// <summary>Builds a set from configuration values (gate name → boolean text), over the defaults.</summary>
    /// <param name="settings">Gate names and their textual values.</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="FeatureGateException">An unknown name, a non-boolean value, or a broken dependency rule.</exception>
    public static FeatureGateSet FromConfiguration(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (name, text) in settings)
        {
            parsed[name] = ParseValue(name, text ?? string.Empty);
        }

        return Create(parsed);
    }

    /// <summary>Builds a set from explicit overrides, over the defaults.</summary>
    /// <param name="overrides">Gate names and values.</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="FeatureGateException">An unknown name or a broken dependency rule.</exception>
    public static FeatureGateSet Create(IReadOnlyDictionary<string, bool> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var unknown = overrides.Keys.Where(k => FeatureGateCatalog.Find(k) is null).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new FeatureGateException(
                $"unknown feature gate(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"known gates (case-sensitive): {FeatureGateCatalog.KnownNamesForMessage()}");
        }

        var merged = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var gate in FeatureGateCatalog.Known)
        {
            merged[gate.Name] = overrides.TryGetValue(gate.Name, out var value) ? value : gate.Default;
        }

        var violations = FeatureGateRules.FindViolations(name => merged[name]);
        if (violations.Count > 0)
        {
            throw new FeatureGateException("invalid feature gate combination: " + string.Join("; ", violations));
        }

        return new FeatureGateSet(merged.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Gets whether a known gate is on.</summary>
    /// <param name="name">The gate name (case-sensitive).</param>
    /// <returns>The gate's value.</returns>
    /// <exception cref="FeatureGateException">The name is not a known gate.</exception>
    public bool IsEnabled(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values.TryGetValue(name, out var enabled))
        {
            return enabled;
        }

        throw new FeatureGateException(
            $"unknown feature gate '{name}'; known gates: {FeatureGateCatalog.KnownNamesForMessage()}");
    }

    /// <summary>Formats the set in the <c>--feature-gates</c> form, listing only gates that differ from their default.</summary>
    /// <returns>For example <c>DeviceMetadata=true,PassthroughSupport=true</c>; empty when all are default.</returns>
    public override string ToString() =>
        string.Join(
            ",",
            values.OrderBy(v => v.Key, StringComparer.Ordinal)
                .Where(v => FeatureGateCatalog.Find(v.Key)!.Default != v.Value)
                .Select(v => $"{v.Key}={(v.Value ? "true" : "false")}"));

    internal static Dictionary<string, bool> ParseFlag(string? flag)
    {
        var parsed = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(flag))
        {
            return parsed;
        }

        foreach (var rawEntry in flag.Split(','))
        {
            var entry = rawEntry.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FeatureGateException(
                    $"feature gate entry '{entry}' has no value: write it as {entry}=true or {entry}=false");
            }

            var name = entry[..equals].Trim();
            var value = ParseValue(name, entry[(equals + 1)..].Trim());
            if (!parsed.TryAdd(name, value))
            {
                throw new FeatureGateException(
                    $"feature gate '{name}' is set more than once in '{flag}': keep a single {name}=<value> entry");
            }
        }

        return parsed;
    }

    private static bool ParseValue(string name, string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new FeatureGateException(
            $"feature gate '{name}' has invalid value '{text}': use true or false"),
    };
}
