using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// The annotation rules of SPEC.md (Kubernetes annotation rules): every key, lower-cased, is a qualified name
/// (<c>[prefix/]name</c>, prefix a DNS-1123 subdomain of at most 253 characters, name at most 63 characters,
/// alphanumeric at both ends with <c>-</c>, <c>_</c>, <c>.</c> inside) and keys plus values total at most 256 KiB.
/// The reference library does not apply them when it loads a spec, so <see cref="CdiSpecValidator"/> does not
/// either; producers can opt in with this check.
/// </summary>
public static partial class CdiAnnotationRules
{
    /// <summary>The largest total size of the keys and values of one annotation map, in bytes.</summary>
    public const int MaxTotalSize = 256 * 1024;

    /// <summary>Checks the spec-level and every device's annotations.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>Every problem found, located like <c>devices[0].annotations["key"]</c>.</returns>
    public static ImmutableArray<CdiValidationProblem> Validate(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = ImmutableArray.CreateBuilder<CdiValidationProblem>();
        Validate(spec.Annotations ?? CdiAnnotations.Empty, "annotations", problems);
        for (var i = 0; i < spec.Devices.Count; i++)
        {
            Validate(spec.Devices[i]?.Annotations ?? CdiAnnotations.Empty, $"devices[{i}].annotations", problems);
        }

        return problems.ToImmutable();
    }

    /// <summary>Checks one annotation key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="null"/> when valid, otherwise the reason.</returns>
    public static string? ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.ToLowerInvariant().Split('/');
        string name;
        if (parts.Length == 1)
        {
            name = parts[0];
        }
        else if (parts.Length == 2)
        {
            var prefix = parts[0];
            name = parts[1];
            if (prefix.Length == 0)
            {
                return "prefix part must be non-empty";
            }

            if (prefix.Length > 253 || !Dns1123Subdomain().IsMatch(prefix))
            {
                return $"prefix part \"{prefix}\" must be a lowercase DNS-1123 subdomain of at most 253 characters";
            }
        }
        else
        {
            return "a qualified name has at most one '/'";
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        return name.Length > 63 || !QualifiedNamePart().IsMatch(name)
            ? $"name part \"{name}\" must be at most 63 characters, alphanumeric at both ends, with '-', '_' or '.' inside"
            : null;
    }

    private static void Validate(CdiAnnotations annotations, string path, ImmutableArray<CdiValidationProblem>.Builder problems)
    {
        var total = 0L;
        foreach (var (key, value) in annotations)
        {
            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            if (ValidateKey(key) is { } error)
            {
                problems.Add(new($"{path}[\"{key}\"]", $"invalid annotation key \"{key}\": {error}"));
            }
        }

        if (total > MaxTotalSize)
        {
            problems.Add(new(path, $"annotations total {total} bytes; they may have at most {MaxTotalSize} bytes"));
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();
}
