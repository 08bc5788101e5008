using System.Text;
using Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

namespace Nvidia.Dra.Kubelet.Tests.Registration.Hpack;

public sealed class HuffmanTests
{
    // Codes as printed in RFC 7541 Appendix B (right-aligned hex, length in bits).
    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData(1, 0x7fffd8u, 23)]
    [InlineData(9, 0xffffeau, 24)]
    [InlineData(10, 0x3ffffffcu, 30)]
    [InlineData(' ', 0x14u, 6)]
    [InlineData('0', 0x0u, 5)]
    [InlineData('%', 0x15u, 6)]
    [InlineData('e', 0x5u, 5)]
    [InlineData('{', 0x7ffeu, 15)]
    [InlineData(200, 0x3ffffe2u, 26)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(Huffman.EndOfString, 0x3fffffffu, 30)]
    public void The_canonical_code_matches_the_RFC_table(int symbol, uint code, int length)
    {
        Huffman.GetCodeLength(symbol).Should().Be(length);
        Huffman.GetCode(symbol).Should().Be(code);
    }

    [Theory]
    [InlineData("f1e3c2e5f23a6ba0ab90f4ff", "www.example.com")]
    [InlineData("a8eb10649cbf", "no-cache")]
    [InlineData("25a849e95ba97d7f", "custom-key")]
    [InlineData("6402", "302")]
    [InlineData("9d29ad171863c78f0b97c8e9ae82ae43d3", "https://www.example.com")]
    public void Decodes_RFC_strings(string hex, string expected) =>
        Huffman.Decode(Convert.FromHexString(hex)).Should().Be(expected);

    [Fact]
    public void Every_octet_round_trips_through_an_encoding_built_from_the_RFC_codes()
    {
        // Encode all 256 octets with the codes (MSB first, padded with ones) and decode them back.
        var bits = new StringBuilder();
        for (var symbol = 0; symbol < 256; symbol++)
        {
            bits.Append(Convert.ToString(Huffman.GetCode(symbol), 2).PadLeft(Huffman.GetCodeLength(symbol), '0'));
        }

        while (bits.Length % 8 != 0)
        {
            bits.Append('1');
        }

        var encoded = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.ToString(i * 8, 8), 2)).ToArray();
        var decoded = Huffman.Decode(encoded);

        decoded.Select(c => (int)c).Should().Equal(Enumerable.Range(0, 256));
    }
}
