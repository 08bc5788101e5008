using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// Reads the first YAML document into a <see cref="YNode"/> tree with YamlDotNet's event parser (no reflection),
/// resolving plain scalars by YAML 1.1, following aliases and merge keys, and rejecting duplicate keys.
/// </summary>
internal static class YamlTreeReader
{
    private const int MaxDepth = 200;
    private const string StringTag = "tag:yaml.org,2002:str";
    private const string IntTag = "tag:yaml.org,2002:int";
    private const string FloatTag = "tag:yaml.org,2002:float";
    private const string BoolTag = "tag:yaml.org,2002:bool";
    private const string NullTag = "tag:yaml.org,2002:null";
    private const string TimestampTag = "tag:yaml.org,2002:timestamp";
    private const string BinaryTag = "tag:yaml.org,2002:binary";

    /// <summary>Reads the document; <see langword="null"/> when the input holds no document or only null.</summary>
    public static YNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
        {
            return null;
        }

        var root = ReadNode(parser, anchors, depth: 0);
        return root.Kind == YKind.Null ? null : root;
    }

    private static YNode ReadNode(IParser parser, Dictionary<string, YNode> anchors, int depth)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        if (depth > MaxDepth)
        {
            // A spec is a few levels deep; a deeper document is hostile and would exhaust the stack.
            throw new YamlException(current.Start, current.End, $"the document nests deeper than {MaxDepth} levels");
        }

        var line = (int)current.Start.Line;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(current.Start, current.End, $"unknown anchor '{alias.Value.Value}' referenced");
            case Scalar scalar:
            {
                parser.MoveNext();
                var node = ResolveScalar(scalar, line);
                Remember(anchors, scalar.Anchor, node);
                return node;
            }

            case SequenceStart start:
            {
                parser.MoveNext();
                var node = YNode.Sequence(line);
                Remember(anchors, start.Anchor, node);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    node.Items.Add(ReadNode(parser, anchors, depth + 1));
                }

                return node;
            }

            case MappingStart start:
            {
                parser.MoveNext();
                var node = YNode.Mapping(line);
                Remember(anchors, start.Anchor, node);
                var merges = new List<YNode>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var isMergeKey = parser.Current is Scalar { Style: ScalarStyle.Plain, Value: "<<" };
                    var key = ReadNode(parser, anchors, depth + 1);
                    var value = ReadNode(parser, anchors, depth + 1);
                    if (isMergeKey)
                    {
                        merges.Add(value);
                        continue;
                    }

                    if (FindKey(node, key) is { } previous)
                    {
                        throw new YamlException($"line {key.Line}: mapping key {KeyText(key)} already defined at line {previous.Line}");
                    }

                    node.Pairs.Add(new(key, value));
                }

                foreach (var merge in merges)
                {
                    Merge(node, merge);
                }

                return node;
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected YAML event {current.GetType().Name}");
        }
    }

    private static void Merge(YNode node, YNode source)
    {
        var sources = source.Kind == YKind.Sequence ? source.Items : [source];
        foreach (var map in sources)
        {
            if (map.Kind != YKind.Mapping)
            {
                throw new YamlException($"line {map.Line}: map merge requires map or sequence of maps as the value");
            }

            foreach (var pair in map.Pairs)
            {
                if (FindKey(node, pair.Key) is null)
                {
                    node.Pairs.Add(pair);
                }
            }
        }
    }

    private static YNode? FindKey(YNode mapping, YNode key)
    {
        foreach (var pair in mapping.Pairs)
        {
            if (SameKey(pair.Key, key))
            {
                return pair.Key;
            }
        }

        return null;
    }

    private static bool SameKey(YNode a, YNode b) =>
        a.Kind == b.Kind && a.IsScalar && string.Equals(KeyText(a), KeyText(b), StringComparison.Ordinal);

    private static string KeyText(YNode key) => key.Kind switch
    {
        YKind.String => "\"" + key.String + "\"",
        YKind.Int => key.Int.ToString(CultureInfo.InvariantCulture),
        YKind.Float => key.Float.ToString("R", CultureInfo.InvariantCulture),
        YKind.Bool => key.Bool ? "true" : "false",
        _ => key.Describe(),
    };

    // Untagged: plain scalars resolve by YAML 1.1, quoted ones are strings. Tagged: the value is resolved and must
    // have the tagged type (as the reference decoder does), except that !!str always gives a string.
    private static YNode ResolveScalar(Scalar scalar, int line)
    {
        var tag = scalar.Tag;
        if (tag.IsEmpty)
        {
            return scalar.Style is ScalarStyle.Plain ? Yaml11Resolver.Resolve(scalar.Value, line) : YNode.OfString(scalar.Value, line);
        }

        if (tag.IsNonSpecific || tag.Value is StringTag or TimestampTag or BinaryTag)
        {
            return YNode.OfString(scalar.Value, line);
        }

        var expected = tag.Value switch
        {
            IntTag => YKind.Int,
            FloatTag => YKind.Float,
            BoolTag => YKind.Bool,
            NullTag => YKind.Null,
            _ => (YKind?)null,
        };
        var resolved = Yaml11Resolver.Resolve(scalar.Value, line);
        if (expected is null || resolved.Kind == expected)
        {
            return resolved;
        }

        if (expected == YKind.Float && resolved.Kind == YKind.Int)
        {
            return YNode.OfFloat((double)resolved.Int, line);
        }

        throw new YamlException(scalar.Start, scalar.End, $"cannot decode {resolved.Describe()} as a {tag.Value}");
    }

    private static void Remember(Dictionary<string, YNode> anchors, AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }
}
