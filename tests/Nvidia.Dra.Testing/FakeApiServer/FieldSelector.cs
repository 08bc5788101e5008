using System.Text.Json.Nodes;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>
/// A parsed <c>fieldSelector</c>: comma-separated <c>path=value</c>, <c>path==value</c> or <c>path!=value</c> terms,
/// all of which must hold. Only the fields a real API server indexes for the resource are accepted.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, string Value, bool Equal)> terms;

    private FieldSelector(List<(string Path, string Value, bool Equal)> terms) => this.terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses a selector, or returns an error naming the unsupported field, as the API server's 400 does.</summary>
    public static FieldSelector Parse(string? text, IReadOnlySet<string> supportedFields, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, string, bool)>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (op, equal) = raw.Contains("!=", StringComparison.Ordinal) ? ("!=", false) : raw.Contains("==", StringComparison.Ordinal) ? ("==", true) : ("=", true);
            var index = raw.IndexOf(op, StringComparison.Ordinal);
            if (index <= 0)
            {
                error = $"invalid selector: '{raw}'; can't understand '{raw}'";
                return Everything;
            }

            var path = raw[..index];
            if (!supportedFields.Contains(path))
            {
                error = $"field label not supported: {path}";
                return Everything;
            }

            terms.Add((path, raw[(index + op.Length)..], equal));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject item)
    {
        foreach (var (path, value, equal) in terms)
        {
            var actual = Read(item, path) ?? string.Empty;
            if (string.Equals(actual, value, StringComparison.Ordinal) != equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads a dotted path (<c>spec.pool.name</c>) as a string; absent is <see langword="null"/>.</summary>
    public static string? Read(JsonObject item, string path)
    {
        JsonNode? node = item;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
        }

        return node is JsonValue v ? v.ToString() : null;
    }
}
