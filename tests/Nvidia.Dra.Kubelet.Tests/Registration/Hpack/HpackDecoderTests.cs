using Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

namespace Nvidia.Dra.Kubelet.Tests.Registration.Hpack;

public sealed class HpackDecoderTests
{
    public static TheoryData<string> Sequences => ["C.2", "C.3", "C.4", "C.5", "C.6"];

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Decodes_the_RFC_7541_appendix_C_examples_with_the_dynamic_table_after_each_block(string sequence)
    {
        var (examples, tableSize, shareDecoder) = sequence switch
        {
            "C.2" => (Rfc7541Examples.FieldRepresentations, 4096, false),
            "C.3" => (Rfc7541Examples.RequestsWithoutHuffman, 4096, true),
            "C.4" => (Rfc7541Examples.RequestsWithHuffman, 4096, true),
            "C.5" => (Rfc7541Examples.ResponsesWithoutHuffman, 256, true),
            _ => (Rfc7541Examples.ResponsesWithHuffman, 256, true),
        };

        var decoder = new HpackDecoder(tableSize);
        foreach (var example in examples)
        {
            if (!shareDecoder)
            {
                decoder = new HpackDecoder(tableSize);
            }

            var headers = new List<HeaderField>();
            decoder.Decode(Convert.FromHexString(example.Hex), headers).Should().BeTrue(example.Section);

            headers.Select(h => (h.Name, h.Value)).Should().Equal(example.Headers, example.Section);
            var table = Enumerable.Range(0, decoder.DynamicTable.Count).Select(i => (decoder.DynamicTable[i].Name, decoder.DynamicTable[i].Value));
            table.Should().Equal(example.Table, $"{example.Section} leaves the dynamic table newest first");
            decoder.DynamicTable.Size.Should().Be(example.TableSize, example.Section);
        }
    }

    [Fact]
    public void Huffman_and_plain_sequences_decode_to_the_same_headers()
    {
        var plain = DecodeAll(Rfc7541Examples.ResponsesWithoutHuffman, 256);
        var huffman = DecodeAll(Rfc7541Examples.ResponsesWithHuffman, 256);
        huffman.Should().Equal(plain);
    }

    [Fact]
    public void A_size_update_at_the_start_of_a_block_evicts_and_is_applied()
    {
        var decoder = new HpackDecoder();
        decoder.Decode(Convert.FromHexString(Rfc7541Examples.RequestsWithoutHuffman[0].Hex), []);
        decoder.DynamicTable.Count.Should().Be(1);

        // Two updates in a row, both allowed at the start of a block: to 0 (empties the table), then to 31 + 0x45 = 100.
        var headers = new List<HeaderField>();
        decoder.Decode([0x20, 0x3f, 0x45, 0x82], headers);

        decoder.DynamicTable.Count.Should().Be(0);
        decoder.DynamicTable.MaxSize.Should().Be(31 + 0x45);
        headers.Should().Equal(new HeaderField(":method", "GET"));
    }

    [Fact]
    public void An_entry_larger_than_the_table_empties_it()
    {
        var decoder = new HpackDecoder(64);
        decoder.Decode(Convert.FromHexString("400a637573746f6d2d6b65790d637573746f6d2d686561646572"), []);
        decoder.DynamicTable.Size.Should().Be(55);

        // Literal with indexing, new name "a" and a 40-octet value: 73 octets do not fit in 64.
        var block = new List<byte> { 0x40, 0x01, (byte)'a', 40 };
        block.AddRange(Enumerable.Repeat((byte)'v', 40));
        var headers = new List<HeaderField>();
        decoder.Decode(block.ToArray(), headers);

        headers.Should().ContainSingle().Which.Value.Should().HaveLength(40);
        decoder.DynamicTable.Count.Should().Be(0);
        decoder.DynamicTable.Size.Should().Be(0);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "80", "index 0" },
        { "be", "index 62 with an empty dynamic table" },
        { "ff", "integer cut short" },
        { "ff80808080808001", "integer too long" },
        { "ffffffffff0f", "integer overflowing int" },
        { "400a6375", "name literal overrunning the block" },
        { "0085f2b24a87", "Huffman string whose padding is not all ones" },
        { "0081ff", "Huffman string with more than 7 bits of padding" },
        { "0084ffffffff", "Huffman string containing EOS" },
        { "823f", "size update after a field (and cut short)" },
        { "8220", "size update after a field" },
        { "3fe21f", "size update to 4097, above the advertised 4096" },
        { "40", "literal with indexing and no name" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_blocks_throw_a_decoding_error(string hex, string because)
    {
        var decoder = new HpackDecoder();
        var act = () => decoder.Decode(Convert.FromHexString(hex), []);
        act.Should().Throw<HpackDecodingException>(because);
    }

    [Fact]
    public void A_header_list_over_the_limit_is_reported_but_the_table_stays_in_step()
    {
        var decoder = new HpackDecoder(4096, maxHeaderListSize: 60);
        var headers = new List<HeaderField>();

        // C.3.3 adds "custom-key: custom-value" to the table after the list is already over 60 octets.
        decoder.Decode(Convert.FromHexString(Rfc7541Examples.RequestsWithoutHuffman[0].Hex), []);
        decoder.Decode(Convert.FromHexString(Rfc7541Examples.RequestsWithoutHuffman[1].Hex), []);
        var within = decoder.Decode(Convert.FromHexString(Rfc7541Examples.RequestsWithoutHuffman[2].Hex), headers);

        within.Should().BeFalse();
        decoder.DynamicTable.Size.Should().Be(164, "the block was still decoded to its end");
    }

    private static List<(string, string)> DecodeAll(HpackExample[] examples, int tableSize)
    {
        var decoder = new HpackDecoder(tableSize);
        var headers = new List<HeaderField>();
        foreach (var example in examples)
        {
            decoder.Decode(Convert.FromHexString(example.Hex), headers);
        }

        return headers.Select(h => (h.Name, h.Value)).ToList();
    }
}
