using System.Text;

namespace Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

/// <summary>
/// Decodes HPACK header blocks (RFC 7541): indexed fields, literals with and without indexing, never-indexed
/// literals, dynamic table size updates and Huffman strings. One decoder per connection: the dynamic table is
/// connection state, so every header block must be decoded in order, even those of refused streams.
/// </summary>
internal sealed class HpackDecoder
{
    private readonly int maxTableSizeLimit;
    private readonly int maxHeaderListSize;

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxTableSizeLimit">The SETTINGS_HEADER_TABLE_SIZE we advertised: the most a size update may ask for.</param>
    /// <param name="maxHeaderListSize">The most header list bytes (RFC 9113 §6.5.2 accounting) a block may carry.</param>
    public HpackDecoder(int maxTableSizeLimit = 4096, int maxHeaderListSize = 16 * 1024)
    {
        this.maxTableSizeLimit = maxTableSizeLimit;
        this.maxHeaderListSize = maxHeaderListSize;
        DynamicTable = new HpackDynamicTable(maxTableSizeLimit);
    }

    /// <summary>Gets the dynamic table (tests check its state after each block).</summary>
    public HpackDynamicTable DynamicTable { get; }

    /// <summary>Decodes one complete header block, appending its fields to <paramref name="headers"/>.</summary>
    /// <returns>
    /// <see langword="false"/> when the header list is larger than the limit: the block is still decoded to the end
    /// (so the dynamic table stays in step with the peer's encoder) but the extra fields are dropped.
    /// </returns>
    /// <exception cref="HpackDecodingException">The block is malformed; the connection cannot continue.</exception>
    public bool Decode(ReadOnlySpan<byte> block, List<HeaderField> headers)
    {
        var position = 0;
        var listSize = 0;
        var withinLimit = true;
        var fieldSeen = false;
        while (position < block.Length)
        {
            var first = block[position];
            HeaderField field;
            if ((first & 0x80) != 0)
            {
                // Indexed header field (§6.1).
                var index = ReadInteger(block, ref position, 7);
                field = GetIndexed(index);
            }
            else if ((first & 0x40) != 0)
            {
                // Literal with incremental indexing (§6.2.1).
                field = ReadLiteral(block, ref position, 6);
                DynamicTable.Add(field);
            }
            else if ((first & 0x20) != 0)
            {
                // Dynamic table size update (§6.3): only before the first field of a block (§4.2).
                if (fieldSeen)
                {
                    throw new HpackDecodingException("Dynamic table size update after a header field.");
                }

                var size = ReadInteger(block, ref position, 5);
                if (size > maxTableSizeLimit)
                {
                    throw new HpackDecodingException($"Dynamic table size update to {size} exceeds the advertised {maxTableSizeLimit}.");
                }

                DynamicTable.Resize(size);
                continue;
            }
            else
            {
                // Literal without indexing (§6.2.2, 0000) or never indexed (§6.2.3, 0001).
                field = ReadLiteral(block, ref position, 4);
            }

            fieldSeen = true;
            listSize += field.Size;
            if (listSize > maxHeaderListSize)
            {
                withinLimit = false;
            }
            else
            {
                headers.Add(field);
            }
        }

        return withinLimit;
    }

    private HeaderField ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var index = ReadInteger(block, ref position, prefixBits);
        var name = index == 0 ? ReadString(block, ref position) : GetIndexed(index).Name;
        var value = ReadString(block, ref position);
        return new HeaderField(name, value);
    }

    private HeaderField GetIndexed(int index)
    {
        if (index == 0)
        {
            throw new HpackDecodingException("Header index 0 is invalid.");
        }

        if (index <= HpackStaticTable.Count)
        {
            return HpackStaticTable.Get(index);
        }

        var dynamicIndex = index - HpackStaticTable.Count - 1;
        if (dynamicIndex >= DynamicTable.Count)
        {
            throw new HpackDecodingException($"Header index {index} is beyond the tables ({HpackStaticTable.Count} static, {DynamicTable.Count} dynamic).");
        }

        return DynamicTable[dynamicIndex];
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new HpackDecodingException("Header block ends before a string literal.");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new HpackDecodingException($"String literal of {length} bytes overruns the header block.");
        }

        var octets = block.Slice(position, length);
        position += length;
        return huffman ? Huffman.Decode(octets) : Encoding.Latin1.GetString(octets);
    }

    /// <summary>Reads an integer with an N-bit prefix (RFC 7541 §5.1); values beyond int range are errors.</summary>
    internal static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        if (position >= block.Length)
        {
            throw new HpackDecodingException("Header block ends inside an integer.");
        }

        var mask = (1 << prefixBits) - 1;
        long value = block[position++] & mask;
        if (value < mask)
        {
            return (int)value;
        }

        var shift = 0;
        while (true)
        {
            if (position >= block.Length)
            {
                throw new HpackDecodingException("Header block ends inside an integer.");
            }

            var octet = block[position++];
            value += (long)(octet & 0x7f) << shift;
            if (value > int.MaxValue)
            {
                throw new HpackDecodingException("HPACK integer overflows.");
            }

            if ((octet & 0x80) == 0)
            {
                return (int)value;
            }

            shift += 7;
            if (shift > 28)
            {
                throw new HpackDecodingException("HPACK integer is too long.");
            }
        }
    }
}
