using System.Globalization;

namespace Nvidia.Dra.Vfio;

/// <summary>Parses a sysfs <c>resource</c> file: lines 0 to 5 are the BARs; unused BARs are all zeros.</summary>
internal static class ResourceFileParser
{
    private const int BarCount = 6;

    public static IReadOnlyList<PciBar> Parse(string path, string text, PciAddress device)
    {
        var bars = new List<PciBar>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var index = 0; index < Math.Min(BarCount, lines.Length); index++)
        {
            var fields = lines[index].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || !TryHex(fields[0], out var start) || !TryHex(fields[1], out var end) ||
                !TryHex(fields[2], out var flags) || end < start)
            {
                throw new SysfsFormatException(path, lines[index], "three hex fields 'start end flags' per line, end >= start", device);
            }

            // go-nvlib drops entries whose end - start is 0: all-zero lines are unused BARs.
            if (end - start != 0)
            {
                bars.Add(new PciBar(index, start, end, flags));
            }
        }

        return bars;
    }

    private static bool TryHex(string text, out ulong value)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
