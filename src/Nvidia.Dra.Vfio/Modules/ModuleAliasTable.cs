namespace Nvidia.Dra.Vfio;

/// <summary>
/// The <c>alias vfio_pci:&lt;pattern&gt; &lt;module&gt;</c> lines of <c>modules.alias</c>, and the libvirt rule
/// for choosing among matches: the pattern with the fewest <c>*</c> fields wins; ties go to the module name in
/// ordinal order, so the choice is deterministic.
/// </summary>
internal sealed class ModuleAliasTable
{
    private const string Prefix = "alias vfio_pci:";
    private static readonly string[] FieldKeys = ["v", "d", "sv", "sd", "bc", "sc", "i"];
    private readonly List<(string Pattern, string[] Fields, string Module)> _entries;

    private ModuleAliasTable(List<(string Pattern, string[] Fields, string Module)> entries) => _entries = entries;

    public int Count => _entries.Count;

    public static ModuleAliasTable Parse(string path, string text)
    {
        var entries = new List<(string, string[], string)>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var pattern = parts.Length == 3 ? parts[1]["vfio_pci:".Length..] : string.Empty;
            var fields = SplitFields(pattern);
            if (parts.Length != 3 || fields is null || !HostPaths.IsSafeName(parts[2]))
            {
                throw new SysfsFormatException(path, line, "'alias vfio_pci:v…d…sv…sd…bc…sc…i… <module>' with a plain module name");
            }

            entries.Add((pattern, fields, parts[2]));
        }

        return new ModuleAliasTable(entries);
    }

    /// <summary>The best match for a device modalias, with the number of tied candidates; null when none matches.</summary>
    public (string Module, string Pattern, int Wildcards, int Tied)? Match(string modalias)
    {
        var device = modalias.StartsWith("pci:", StringComparison.Ordinal) ? SplitFields(modalias[4..]) : null;
        if (device is null)
        {
            return null;
        }

        (string Module, string Pattern, int Wildcards)? best = null;
        var tied = 0;
        foreach (var (pattern, fields, module) in _entries)
        {
            if (!Matches(fields, device))
            {
                continue;
            }

            var wildcards = fields.Count(f => f == "*");
            if (best is null || wildcards < best.Value.Wildcards ||
                (wildcards == best.Value.Wildcards && string.CompareOrdinal(module, best.Value.Module) < 0))
            {
                tied = best is not null && wildcards == best.Value.Wildcards ? tied + 1 : 1;
                best = (module, pattern, wildcards);
            }
            else if (wildcards == best.Value.Wildcards)
            {
                tied++;
            }
        }

        return best is { } b ? (b.Module, b.Pattern, b.Wildcards, tied) : null;
    }

    private static bool Matches(string[] pattern, string[] device)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (!Glob(pattern[i], device[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Glob(string pattern, string value)
    {
        if (pattern == "*")
        {
            return true;
        }

        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        // A field such as 000010DE* (a trailing or inner wildcard): prefix and suffix must match.
        var prefix = pattern[..star];
        var suffix = pattern[(pattern.LastIndexOf('*') + 1)..];
        return value.Length >= prefix.Length + suffix.Length &&
               value.StartsWith(prefix, StringComparison.Ordinal) &&
               value.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>Splits <c>v…d…sv…sd…bc…sc…i…</c> into its seven fields, or null when the shape is wrong.</summary>
    private static string[]? SplitFields(string text)
    {
        var fields = new string[FieldKeys.Length];
        var position = 0;
        for (var k = 0; k < FieldKeys.Length; k++)
        {
            var key = FieldKeys[k];
            if (string.CompareOrdinal(text, position, key, 0, key.Length) != 0)
            {
                return null;
            }

            position += key.Length;
            var end = text.Length;
            if (k + 1 < FieldKeys.Length)
            {
                end = NextKey(text, position, FieldKeys[k + 1]);
                if (end < 0)
                {
                    return null;
                }
            }

            fields[k] = text[position..end];
            if (fields[k].Length == 0 || !fields[k].All(IsValueChar))
            {
                return null;
            }

            position = end;
        }

        return fields;
    }

    // Keys are lower-case letters and the kernel prints values as upper-case hex, so a key cannot hide in a value.
    private static int NextKey(string text, int from, string key) => text.IndexOf(key, from + 1, StringComparison.Ordinal);

    private static bool IsValueChar(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'F') or '*';
}
