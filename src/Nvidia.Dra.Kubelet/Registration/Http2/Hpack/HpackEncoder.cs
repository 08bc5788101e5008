using System.Buffers;
using System.Text;

namespace Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

/// <summary>
/// Encodes response header blocks as simply as HPACK allows: <c>:status 200</c> as static index 8, everything else
/// as literals without indexing and without Huffman (RFC 7541 §6.2.2), so the peer's decoder state never changes.
/// </summary>
internal static class HpackEncoder
{
    private const byte IndexedStatus200 = 0x88;

    /// <summary>Writes the <c>:status</c> pseudo-header.</summary>
    public static void WriteStatus(IBufferWriter<byte> writer, int status)
    {
        if (status == 200)
        {
            writer.GetSpan(1)[0] = IndexedStatus200;
            writer.Advance(1);
            return;
        }

        WriteLiteral(writer, ":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a literal header field without indexing, with a literal name.</summary>
    public static void WriteLiteral(IBufferWriter<byte> writer, string name, string value)
    {
        writer.GetSpan(1)[0] = 0x00;
        writer.Advance(1);
        WriteString(writer, name);
        WriteString(writer, value);
    }

    private static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.Latin1.GetByteCount(value);
        WriteInteger(writer, length, 7, 0x00);
        var span = writer.GetSpan(length);
        Encoding.Latin1.GetBytes(value, span);
        writer.Advance(length);
    }

    /// <summary>Writes an integer with an N-bit prefix (RFC 7541 §5.1); <paramref name="flags"/> fills the high bits.</summary>
    internal static void WriteInteger(IBufferWriter<byte> writer, int value, int prefixBits, byte flags)
    {
        var span = writer.GetSpan(6);
        var mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            span[0] = (byte)(flags | value);
            writer.Advance(1);
            return;
        }

        span[0] = (byte)(flags | mask);
        var written = 1;
        value -= mask;
        while (value >= 0x80)
        {
            span[written++] = (byte)((value & 0x7f) | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        writer.Advance(written);
    }
}
