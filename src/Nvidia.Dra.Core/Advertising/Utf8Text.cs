using System.Text;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// String lengths as the API server measures them: Go's <c>len</c> of a string is its UTF-8 byte count, so a
/// value of 33 accented characters is 66 "long" there although .NET's <see cref="string.Length"/> says 33.
/// </summary>
internal static class Utf8Text
{
    /// <summary>Gets the number of UTF-8 bytes of a string.</summary>
    public static int ByteCount(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>Cuts a string to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string Truncate(string value, int maxBytes)
    {
        var builder = new StringBuilder(Math.Min(value.Length, maxBytes));
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > maxBytes)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
