using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// The number-to-text conversions of the reference decoder's YAML-to-JSON step, which decide whether a YAML number
/// is still acceptable where the spec expects a string or an integer.
/// </summary>
internal static class GoFormat
{
    /// <summary>The text Go's JSON encoder writes for a float64 (only its integer-ness matters to the decoder).</summary>
    public static string FloatForJson(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            return value.ToString("0.################E+0", CultureInfo.InvariantCulture);
        }

        if (value == Math.Floor(value))
        {
            return value == 0 && double.IsNegative(value) ? "-0" : new BigInteger(value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's <c>strconv.FormatFloat(v, 'g', -1, 32)</c>: how a YAML float becomes a string value.</summary>
    public static string FloatForString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var single = (float)value;
        if (float.IsInfinity(single))
        {
            return single > 0 ? "+Inf" : "-Inf";
        }

        if (single == 0)
        {
            return float.IsNegative(single) ? "-0" : "0";
        }

        // Shortest round-trip digits and the decimal point position, as Go computes them.
        var (digits, pointPosition) = ShortestDigits(single.ToString("E8", CultureInfo.InvariantCulture), single);
        var negative = single < 0;
        var exponent = pointPosition - 1;
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        if (exponent < -4 || exponent >= 6)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+');
            var magnitude = Math.Abs(exponent);
            builder.Append(magnitude < 10 ? "0" : string.Empty).Append(magnitude.ToString(CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }

    private static (string Digits, int PointPosition) ShortestDigits(string scientific, float value)
    {
        // Find the fewest significant digits that still read back as the same float32.
        var exponentIndex = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(exponentIndex + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        for (var precision = 1; precision <= 9; precision++)
        {
            var candidate = Math.Abs(value).ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (float.Parse(candidate, CultureInfo.InvariantCulture) == Math.Abs(value))
            {
                var e = candidate.IndexOf('E', StringComparison.Ordinal);
                var mantissa = candidate[..e].Replace(".", string.Empty, StringComparison.Ordinal).TrimEnd('0');
                exponent = int.Parse(candidate.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return (mantissa.Length == 0 ? "0" : mantissa, exponent + 1);
            }
        }

        return (scientific[..exponentIndex].Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('-').TrimEnd('0'), exponent + 1);
    }
}
