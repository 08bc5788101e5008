using System.Text;
using System.Text.Json;
using Nvidia.Dra.Cdi.Serialization;
using YamlDotNet.Core;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// Reads and writes CDI specs as YAML or JSON. Reading follows the reference library's strict decoder (JSON is read
/// as YAML 1.1; unknown or duplicate keys and wrong value types are errors; the file extension does not matter).
/// Writing uses the reference key order and leaves empty optional values out; YAML output starts with <c>---</c>.
/// Both encodings round-trip a spec exactly.
/// </summary>
public static class CdiSpecSerializer
{
    /// <summary>Decodes a spec without validating it.</summary>
    /// <param name="content">The YAML or JSON text.</param>
    /// <param name="filePath">The file it came from, for messages; may be <see langword="null"/>.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="CdiParseException">The text is not a decodable spec (the exception lists every problem).</exception>
    public static CdiSpec Parse(string content, string? filePath = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        YNode? root;
        try
        {
            root = ReadTree(content);
        }
        catch (YamlException ex)
        {
            var where = ex.Start.Line > 0 ? $" (line {ex.Start.Line}, column {ex.Start.Column})" : string.Empty;
            throw new CdiParseException(filePath, new CdiValidationProblem(string.Empty, $"failed to unmarshal CDI Spec: {ex.Message}{where}"), ex);
        }

        if (root is null)
        {
            throw new CdiParseException(filePath, new CdiValidationProblem(string.Empty, "failed to parse CDI Spec, no Spec data; the file is empty or holds only null"));
        }

        var (spec, problems) = SpecDecoder.Decode(root);
        if (!problems.IsEmpty)
        {
            throw new CdiParseException(filePath, problems);
        }

        return spec ?? throw new CdiParseException(filePath, new CdiValidationProblem(string.Empty, "failed to parse CDI Spec, no Spec data"));
    }

    /// <summary>Decodes and validates a spec.</summary>
    /// <param name="content">The YAML or JSON text.</param>
    /// <param name="filePath">The file it came from, for messages; may be <see langword="null"/>.</param>
    /// <returns>The valid spec.</returns>
    /// <exception cref="CdiParseException">The text is not a decodable spec.</exception>
    /// <exception cref="CdiSpecException">The spec is invalid (the exception lists every problem).</exception>
    public static CdiSpec Load(string content, string? filePath = null)
    {
        var spec = Parse(content, filePath);
        CdiSpecValidator.ThrowIfInvalid(spec, filePath);
        return spec;
    }

    /// <summary>Encodes a spec (without validating it).</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="format">The encoding.</param>
    /// <returns>The text.</returns>
    public static string Serialize(CdiSpec spec, CdiSpecFormat format) =>
        format == CdiSpecFormat.Json ? ToJson(spec) : ToYaml(spec);

    /// <summary>Encodes a spec as compact JSON.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonSpecSink.Options))
        {
            SpecEncoder.Write(new JsonSpecSink(writer), spec);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Encodes a spec as YAML, starting with a <c>---</c> document marker.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The YAML text.</returns>
    public static string ToYaml(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: true));
        emitter.Emit(new YamlDotNet.Core.Events.StreamStart());
        emitter.Emit(new YamlDotNet.Core.Events.DocumentStart(null, null, isImplicit: false));
        SpecEncoder.Write(new YamlSpecSink(emitter), spec);
        emitter.Emit(new YamlDotNet.Core.Events.DocumentEnd(isImplicit: true));
        emitter.Emit(new YamlDotNet.Core.Events.StreamEnd());
        return text.ToString();
    }

    /// <summary>Gets the encoding a file name selects: JSON for <c>.json</c>, YAML otherwise.</summary>
    /// <param name="path">The file name or path.</param>
    /// <returns>The format.</returns>
    public static CdiSpecFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".json", StringComparison.Ordinal) ? CdiSpecFormat.Json : CdiSpecFormat.Yaml;
    }

    private static YNode? ReadTree(string content)
    {
        // A byte order mark is not content (the reference decoder skips it too).
        content = content.TrimStart('\uFEFF');
        if (content.AsSpan().TrimStart().StartsWith("{"))
        {
            try
            {
                return JsonTreeReader.Read(content);
            }
            catch (JsonException)
            {
                // Not strict JSON: YAML flow syntax is a superset, let the YAML reader decide.
            }
        }

        return YamlTreeReader.Read(content);
    }
}
