namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// Turns driver-style versions into SemVer 2.0.0 for <c>version</c> attributes: leading zeros dropped
/// (<c>580.65.06</c> → <c>580.65.6</c>), missing parts added (<c>13.0</c> → <c>13.0.0</c>), extra parts kept as
/// build metadata (<c>1.2.3.4</c> → <c>1.2.3+4</c>).
/// </summary>
internal static class SemanticVersions
{
    public const int MaxLength = 64;

    public static bool TryNormalize(string? raw, out string version)
    {
        version = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var parts = raw.Trim().Split('.');
        if (parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        var core = parts.Take(3).Select(p => p.TrimStart('0')).Select(p => p.Length == 0 ? "0" : p).ToList();
        while (core.Count < 3)
        {
            core.Add("0");
        }

        version = string.Join('.', core);
        if (parts.Length > 3)
        {
            version += "+" + string.Join('.', parts.Skip(3));
        }

        return version.Length <= MaxLength;
    }

    /// <summary>Checks a value against the SemVer 2.0.0 grammar, as the API server does.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var plus = value.IndexOf('+', StringComparison.Ordinal);
        var build = plus < 0 ? null : value[(plus + 1)..];
        var withoutBuild = plus < 0 ? value : value[..plus];
        var dash = withoutBuild.IndexOf('-', StringComparison.Ordinal);
        var pre = dash < 0 ? null : withoutBuild[(dash + 1)..];
        var core = (dash < 0 ? withoutBuild : withoutBuild[..dash]).Split('.');
        return core.Length == 3 && core.All(IsNumericIdentifier) &&
               (pre is null || pre.Split('.').All(p => IsNumericIdentifier(p) || IsAlphanumericIdentifier(p))) &&
               (build is null || build.Split('.').All(IsBuildIdentifier));
    }

    private static bool IsNumericIdentifier(string p) =>
        p.Length > 0 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0');

    private static bool IsAlphanumericIdentifier(string p) =>
        p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !p.All(char.IsAsciiDigit);

    private static bool IsBuildIdentifier(string p) => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
