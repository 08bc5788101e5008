using System.Numerics;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>The kinds of value a YAML 1.1 document resolves to (the reference decoder's view of the input).</summary>
internal enum YKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
    Sequence,
    Mapping,
}

/// <summary>A resolved YAML value: scalars already typed by the YAML 1.1 rules, collections in document order.</summary>
internal sealed class YNode
{
    private YNode(YKind kind, int line)
    {
        Kind = kind;
        Line = line;
    }

    public YKind Kind { get; }

    /// <summary>The 1-based line where the value starts (0 when unknown).</summary>
    public int Line { get; }

    public bool Bool { get; private init; }

    public BigInteger Int { get; private init; }

    public double Float { get; private init; }

    public string String { get; private init; } = string.Empty;

    public List<YNode> Items { get; } = [];

    public List<KeyValuePair<YNode, YNode>> Pairs { get; } = [];

    public static YNode Null(int line) => new(YKind.Null, line);

    public static YNode OfBool(bool value, int line) => new(YKind.Bool, line) { Bool = value };

    public static YNode OfInt(BigInteger value, int line) => new(YKind.Int, line) { Int = value };

    public static YNode OfFloat(double value, int line) => new(YKind.Float, line) { Float = value };

    public static YNode OfString(string value, int line) => new(YKind.String, line) { String = value };

    public static YNode Sequence(int line) => new(YKind.Sequence, line);

    public static YNode Mapping(int line) => new(YKind.Mapping, line);

    public bool IsScalar => Kind is not (YKind.Sequence or YKind.Mapping);

    public string Describe() => Kind switch
    {
        YKind.Null => "null",
        YKind.Bool => Bool ? "true" : "false",
        YKind.Int => "number " + Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
        YKind.Float => "number " + GoFormat.FloatForJson(Float),
        YKind.String => "string \"" + String + "\"",
        YKind.Sequence => "list",
        _ => "object",
    };
}
