using System.Globalization;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>Kubernetes quantity formatting for byte counts (BinarySI canonical form).</summary>
internal static class Quantities
{
    private static readonly string[] Suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>Formats bytes the way the API server canonicalises a BinarySI quantity: the largest exact binary suffix.</summary>
    public static string FormatBinary(ulong bytes)
    {
        var exponent = 0;
        while (bytes != 0 && bytes % 1024 == 0 && exponent < Suffixes.Length - 1)
        {
            bytes /= 1024;
            exponent++;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + Suffixes[exponent];
    }

    /// <summary>Rounds up to the next power of two (0 stays 0), as upstream reports addressable BAR memory.</summary>
    public static ulong RoundUpToPowerOfTwo(ulong value) =>
        value <= 1 ? value : value > (1UL << 63) ? ulong.MaxValue : 1UL << (64 - System.Numerics.BitOperations.LeadingZeroCount(value - 1));
}
