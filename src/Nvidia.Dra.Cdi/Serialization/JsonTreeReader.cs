using System.Text;
using System.Text.Json;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// Reads a JSON document into the same <see cref="YNode"/> tree the YAML reader builds (JSON is YAML to the
/// reference decoder: numbers resolve as YAML numbers, duplicate keys are errors).
/// </summary>
internal static class JsonTreeReader
{
    /// <summary>Reads the document; <see langword="null"/> for a JSON null.</summary>
    public static YNode? Read(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            return null;
        }

        var lines = NewlineOffsets(bytes);
        var root = ReadValue(ref reader, lines);
        if (reader.Read())
        {
            throw new JsonException("unexpected content after the JSON document");
        }

        return root.Kind == YKind.Null ? null : root;
    }

    private static YNode ReadValue(ref Utf8JsonReader reader, List<int> lines)
    {
        var line = LineOf(lines, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = YNode.Mapping(line);
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyLine = LineOf(lines, (int)reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    if (!keys.Add(key))
                    {
                        throw new JsonException($"line {keyLine}: mapping key \"{key}\" already defined");
                    }

                    reader.Read();
                    node.Pairs.Add(new(YNode.OfString(key, keyLine), ReadValue(ref reader, lines)));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = YNode.Sequence(line);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, lines));
                }

                return node;
            }

            case JsonTokenType.String:
                return YNode.OfString(reader.GetString()!, line);
            case JsonTokenType.Number:
                return Yaml11Resolver.Resolve(Encoding.UTF8.GetString(reader.ValueSpan), line);
            case JsonTokenType.True:
                return YNode.OfBool(true, line);
            case JsonTokenType.False:
                return YNode.OfBool(false, line);
            default:
                return YNode.Null(line);
        }
    }

    private static List<int> NewlineOffsets(byte[] bytes)
    {
        var offsets = new List<int>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                offsets.Add(i);
            }
        }

        return offsets;
    }

    private static int LineOf(List<int> newlines, int offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }
}
