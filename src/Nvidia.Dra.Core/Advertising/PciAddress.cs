using System.Text.RegularExpressions;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>The extended PCI address form the Kubernetes and KubeVirt code expect: <c>dddd:bb:dd.f</c>, lower-case.</summary>
internal static partial class PciAddress
{
    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = value?.Trim().ToLowerInvariant() ?? string.Empty;
        return Pattern().IsMatch(normalized);
    }

    public static string Normalize(string? value, string field) =>
        TryNormalize(value, out var normalized)
            ? normalized
            : throw new ResourceSliceException(
                $"{field} '{value}' is not an extended PCI address: expected dddd:bb:dd.f in hex, for example 0000:65:00.0");

    [GeneratedRegex("^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
