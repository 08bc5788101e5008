namespace Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

/// <summary>
/// The HPACK Huffman code (RFC 7541 Appendix B). The code is canonical: codes of equal length are consecutive in
/// symbol order and shorter codes sort first, so the code lengths alone define it, and decoding needs only the count
/// of codes per length and the symbols sorted by (length, symbol).
/// </summary>
internal static class Huffman
{
    /// <summary>The end-of-string symbol; it never appears in a valid string.</summary>
    public const int EndOfString = 256;

    private const int MaxCodeLength = 30;

    // Code length in bits of each symbol 0..256 (the last is EOS), from RFC 7541 Appendix B.
    private static readonly byte[] CodeLengths =
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    // CountPerLength[n]: how many codes are n bits long. SortedSymbols: symbols ordered by (length, symbol).
    private static readonly int[] CountPerLength = BuildCounts();
    private static readonly short[] SortedSymbols = BuildSortedSymbols();

    /// <summary>Gets the code length of a symbol (for tests of the table).</summary>
    public static int GetCodeLength(int symbol) => CodeLengths[symbol];

    /// <summary>Computes the canonical code of a symbol, right-aligned (for tests against the RFC's code column).</summary>
    public static uint GetCode(int symbol)
    {
        uint code = 0;
        var previousLength = CodeLengths[SortedSymbols[0]];
        for (var i = 0; i < SortedSymbols.Length; i++)
        {
            var length = CodeLengths[SortedSymbols[i]];
            if (i > 0)
            {
                code = (code + 1) << (length - previousLength);
            }

            previousLength = length;
            if (SortedSymbols[i] == symbol)
            {
                return code;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(symbol));
    }

    /// <summary>
    /// Decodes a Huffman-coded string (RFC 7541 §5.2): padding must be fewer than 8 bits, all ones (a prefix of EOS),
    /// and EOS itself must not appear.
    /// </summary>
    /// <exception cref="HpackDecodingException">The input is not a valid Huffman string.</exception>
    public static string Decode(ReadOnlySpan<byte> encoded)
    {
        // Each symbol is at least 5 bits, so the output is at most 8/5 of the input.
        Span<char> output = encoded.Length <= 256 ? stackalloc char[encoded.Length * 8 / 5 + 1] : new char[encoded.Length * 8 / 5 + 1];
        var written = 0;

        // Canonical decoding one bit at a time: 'code' is the bits read since the last symbol, 'first' the first code
        // of the current length, 'index' the position of that length's first symbol in SortedSymbols.
        int code = 0, first = 0, index = 0, length = 0;
        var allOnes = true;
        foreach (var octet in encoded)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var value = (octet >> bit) & 1;
                code |= value;
                allOnes &= value == 1;
                length++;
                var count = CountPerLength[length];
                if (code - first < count)
                {
                    var symbol = SortedSymbols[index + code - first];
                    if (symbol == EndOfString)
                    {
                        throw new HpackDecodingException("Huffman string contains the EOS symbol.");
                    }

                    output[written++] = (char)symbol;
                    code = first = index = length = 0;
                    allOnes = true;
                    continue;
                }

                index += count;
                first = (first + count) << 1;
                code <<= 1;
                if (length == MaxCodeLength)
                {
                    throw new HpackDecodingException("Huffman code longer than 30 bits.");
                }
            }
        }

        if (length > 7 || !allOnes)
        {
            throw new HpackDecodingException("Huffman string padding is not a short run of ones (EOS prefix).");
        }

        return new string(output[..written]);
    }

    private static int[] BuildCounts()
    {
        var counts = new int[MaxCodeLength + 1];
        foreach (var length in CodeLengths)
        {
            counts[length]++;
        }

        return counts;
    }

    private static short[] BuildSortedSymbols()
    {
        var symbols = new short[CodeLengths.Length];
        for (short i = 0; i < symbols.Length; i++)
        {
            symbols[i] = i;
        }

        // Stable by (length, symbol): canonical order.
        Array.Sort(symbols, (a, b) => CodeLengths[a] != CodeLengths[b] ? CodeLengths[a].CompareTo(CodeLengths[b]) : a.CompareTo(b));
        return symbols;
    }
}
