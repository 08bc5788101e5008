using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// Resolves plain (unquoted) YAML scalars with the YAML 1.1 rules of the decoder the reference library uses:
/// <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c> are booleans, <c>0644</c> is octal, <c>~</c> is null, and so on.
/// The writer uses the same rules to decide which strings need quotes.
/// </summary>
internal static partial class Yaml11Resolver
{
    private static readonly Dictionary<string, bool> s_booleans = new(StringComparer.Ordinal)
    {
        ["y"] = true, ["Y"] = true, ["yes"] = true, ["Yes"] = true, ["YES"] = true,
        ["true"] = true, ["True"] = true, ["TRUE"] = true, ["on"] = true, ["On"] = true, ["ON"] = true,
        ["n"] = false, ["N"] = false, ["no"] = false, ["No"] = false, ["NO"] = false,
        ["false"] = false, ["False"] = false, ["FALSE"] = false, ["off"] = false, ["Off"] = false, ["OFF"] = false,
    };

    private static readonly HashSet<string> s_nulls = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    private static readonly Dictionary<string, double> s_specialFloats = new(StringComparer.Ordinal)
    {
        [".nan"] = double.NaN, [".NaN"] = double.NaN, [".NAN"] = double.NaN,
        [".inf"] = double.PositiveInfinity, [".Inf"] = double.PositiveInfinity, [".INF"] = double.PositiveInfinity,
        ["+.inf"] = double.PositiveInfinity, ["+.Inf"] = double.PositiveInfinity, ["+.INF"] = double.PositiveInfinity,
        ["-.inf"] = double.NegativeInfinity, ["-.Inf"] = double.NegativeInfinity, ["-.INF"] = double.NegativeInfinity,
    };

    /// <summary>Resolves a plain scalar.</summary>
    public static YNode Resolve(string text, int line)
    {
        if (s_nulls.Contains(text))
        {
            return YNode.Null(line);
        }

        if (s_booleans.TryGetValue(text, out var boolean))
        {
            return YNode.OfBool(boolean, line);
        }

        if (s_specialFloats.TryGetValue(text, out var special))
        {
            return YNode.OfFloat(special, line);
        }

        var first = text[0];
        if (char.IsAsciiDigit(first) || first is '+' or '-' or '.')
        {
            var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
            if (TryParseGoInteger(plain, out var integer))
            {
                return YNode.OfInt(integer, line);
            }

            if (FloatPattern().IsMatch(plain)
                && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && !double.IsInfinity(number))
            {
                return YNode.OfFloat(number, line);
            }
        }

        return YNode.OfString(text, line);
    }

    /// <summary>Gets whether a string written plain would read back as something other than that same string.</summary>
    public static bool NeedsQuotes(string text) =>
        text.Length == 0 || text == "<<" || Resolve(text, 0) is not { Kind: YKind.String } resolved || resolved.String != text;

    // Go's strconv.ParseInt/ParseUint with base 0: optional sign, 0x/0o/0b prefixes, a leading 0 means octal.
    private static bool TryParseGoInteger(string text, out BigInteger value)
    {
        value = default;
        var span = text.AsSpan();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        var radix = 10;
        if (span.Length >= 2 && span[0] == '0')
        {
            switch (span[1])
            {
                case 'x' or 'X': radix = 16; span = span[2..]; break;
                case 'o' or 'O': radix = 8; span = span[2..]; break;
                case 'b' or 'B': radix = 2; span = span[2..]; break;
                default: radix = 8; span = span[1..]; break;
            }

            if (span.IsEmpty)
            {
                return false;
            }
        }

        BigInteger result = 0;
        foreach (var c in span)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return false;
            }

            result = (result * radix) + digit;
        }

        value = negative ? -result : result;

        // Out of the int64 range only a non-negative uint64 still resolves as an integer.
        return value >= long.MinValue && value <= ulong.MaxValue && !(negative && value > long.MaxValue);
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
