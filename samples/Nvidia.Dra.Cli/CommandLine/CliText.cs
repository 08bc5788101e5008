using System.Globalization;
using System.Text;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// Makes text that came from outside (file content, sysfs values, arguments, exception messages) safe to print on a
/// terminal: one line, control characters and escape sequences shown escaped, long values cut with the count left.
/// </summary>
internal static class CliText
{
    /// <summary>The longest piece of outside text printed in one message.</summary>
    public const int MaxLength = 200;

    /// <summary>The longest message printed: library messages list what was tried and end with the remedy, so they
    /// keep their length; only a pathological one (a huge value quoted in it) is cut.</summary>
    public const int MessageLength = 2000;

    public static string Printable(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var taken = 0;
        while (taken < text.Length && builder.Length < maxLength)
        {
            var c = text[taken];
            if (char.IsHighSurrogate(c) && taken + 1 < text.Length && char.IsLowSurrogate(text[taken + 1]))
            {
                builder.Append(c).Append(text[taken + 1]);
                taken += 2;
                continue;
            }

            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),

                // ESC and the other C0/C1 controls would drive the terminal; line and paragraph separators and lone
                // surrogates would break the one-line promise or the output encoding.
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' =>
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
            taken++;
        }

        if (taken < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length - taken} more characters)");
        }

        return builder.ToString();
    }

    /// <summary>The message of an exception as one printable line (inner messages are not repeated).</summary>
    public static string Message(Exception exception, int maxLength = MessageLength) => Printable(exception.Message.Trim(), maxLength);
}
