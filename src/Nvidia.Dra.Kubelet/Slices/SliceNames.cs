using System.Globalization;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// Upstream's index-prefixed names (<c>00000-gpu.nvidia.com-node-1-</c> plus the API server's 5 random characters):
/// the index says which slice of the pool a stored object is, so a restart or an upgrade finds and updates its slices
/// instead of recreating them.
/// </summary>
internal static class SliceNames
{
    public static string GenerateName(int index, int count, string driver, string node)
    {
        var width = Math.Max(5, (count - 1).ToString("x", CultureInfo.InvariantCulture).Length);
        return $"{index.ToString("x", CultureInfo.InvariantCulture).PadLeft(width, '0')}-{driver}-{node}-";
    }

    /// <summary>Reads the index of a stored slice; <see langword="null"/> for a name of another scheme.</summary>
    public static int? IndexOf(string? name)
    {
        var dash = name?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash >= 5 && int.TryParse(name.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var index) && index >= 0 ? index : null;
    }
}
