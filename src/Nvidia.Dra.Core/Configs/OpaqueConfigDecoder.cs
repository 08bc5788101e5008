using System.Text;
using System.Text.Json;
using Nvidia.Dra.Core.Configs.Wire;
using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Configs;

/// <summary>
/// Strictly decodes, normalises and validates opaque <c>resource.nvidia.com/v1beta1</c> parameters. One decoder is
/// meant to serve both the kubelet plugin and an admission webhook, so both reject the same things (W11). Every
/// rejection is an <see cref="OpaqueConfigException"/> naming the field; no other exception escapes for any input.
/// </summary>
public sealed class OpaqueConfigDecoder
{
    /// <summary>The largest parameters object the API server accepts (<c>OpaqueParametersMaxLength</c>), in bytes.</summary>
    public const int MaxParametersBytes = 10 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 32,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private readonly FeatureGateSet gates;

    /// <summary>Initialises a decoder that validates gate-dependent settings against <paramref name="gates"/>.</summary>
    /// <param name="gates">The feature gates in force (MPS and custom time slices need theirs).</param>
    public OpaqueConfigDecoder(FeatureGateSet gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        this.gates = gates;
    }

    /// <summary>Decodes parameters given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The raw <c>opaque.parameters</c> object.</param>
    /// <returns>The normalised, validated configuration.</returns>
    /// <exception cref="OpaqueConfigException">The parameters are rejected; the message names the field.</exception>
    public DeviceConfiguration Decode(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxParametersBytes)
        {
            throw new OpaqueConfigException(
                "$",
                $"opaque parameters are {utf8Json.Length} bytes, more than the {MaxParametersBytes}-byte limit of resource.k8s.io: shorten the configuration");
        }

        var (apiVersion, kind) = ReadTypeMeta(utf8Json);
        if (!string.Equals(apiVersion, DeviceConfiguration.ApiVersion, StringComparison.Ordinal))
        {
            throw new OpaqueConfigException(
                "$.apiVersion",
                $"unsupported apiVersion '{apiVersion}' in opaque parameters: use {DeviceConfiguration.ApiVersion}");
        }

        return kind switch
        {
            VfioDeviceConfig.KindName => ConfigNormalizer.Normalize(Deserialize(utf8Json, kind, OpaqueConfigJsonContext.Default.VfioDeviceConfigWire)),
            GpuConfig.KindName => ConfigNormalizer.Normalize(Deserialize(utf8Json, kind, OpaqueConfigJsonContext.Default.GpuConfigWire), gates),
            MigDeviceConfig.KindName => ConfigNormalizer.Normalize(Deserialize(utf8Json, kind, OpaqueConfigJsonContext.Default.MigDeviceConfigWire), gates),
            "ComputeDomainChannelConfig" or "ComputeDomainDaemonConfig" => throw new OpaqueConfigException(
                "$.kind",
                $"kind '{kind}' belongs to the ComputeDomain driver (compute-domain.nvidia.com), not to the GPU driver: move this config to that driver's requests"),
            _ => throw new OpaqueConfigException(
                "$.kind",
                $"unknown kind '{kind}' in {DeviceConfiguration.ApiVersion} opaque parameters: use {VfioDeviceConfig.KindName}, {GpuConfig.KindName} or {MigDeviceConfig.KindName}"),
        };
    }

    /// <summary>Decodes parameters given as a JSON element (for example from a deserialised ResourceClaim).</summary>
    /// <param name="parameters">The <c>opaque.parameters</c> value.</param>
    /// <returns>The normalised, validated configuration.</returns>
    /// <exception cref="OpaqueConfigException">The parameters are rejected; the message names the field.</exception>
    public DeviceConfiguration Decode(JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Undefined)
        {
            throw new OpaqueConfigException("$", "opaque parameters are missing: set parameters to a JSON object with apiVersion and kind");
        }

        return Decode(Encoding.UTF8.GetBytes(parameters.GetRawText()));
    }

    /// <summary>Decodes parameters given as JSON text.</summary>
    /// <param name="json">The <c>opaque.parameters</c> object as text.</param>
    /// <returns>The normalised, validated configuration.</returns>
    /// <exception cref="OpaqueConfigException">The parameters are rejected; the message names the field.</exception>
    public DeviceConfiguration Decode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxParametersBytes)
        {
            // Checked before encoding, so a hostile multi-megabyte string is not copied first.
            throw new OpaqueConfigException(
                "$",
                $"opaque parameters are {json.Length} characters, more than the {MaxParametersBytes}-byte limit of resource.k8s.io: shorten the configuration");
        }

        return Decode(Encoding.UTF8.GetBytes(json));
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException ex)
        {
            var duplicate = ex.Message.Contains("uplicate", StringComparison.Ordinal);
            throw new OpaqueConfigException(
                ex.Path ?? "$",
                duplicate
                    ? $"opaque parameters contain a duplicate field{UnknownFieldName(ex.Message)}{Where(ex)}: keep a single entry (the API server's strict decoding rejects duplicates too)"
                    : $"opaque parameters are not valid JSON{Where(ex)}: {FirstSentence(ex.Message)}",
                ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OpaqueConfigException(
                    "$",
                    $"opaque parameters must be a JSON object, got {Describe(root.ValueKind)}: write an object with apiVersion and kind");
            }

            return (RequiredString(root, "apiVersion"), RequiredString(root, "kind"));
        }
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            throw new OpaqueConfigException(
                "$." + name,
                $"opaque parameters have no '{name}': set apiVersion: {DeviceConfiguration.ApiVersion} and a kind such as {VfioDeviceConfig.KindName}");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new OpaqueConfigException("$." + name, $"'{name}' must be a string, got {Describe(value.ValueKind)}");
        }

        return value.GetString()!;
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, string kind, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, typeInfo)
                   ?? throw new OpaqueConfigException("$", $"{kind} parameters are null: write a JSON object");
        }
        catch (JsonException ex)
        {
            var path = ex.Path ?? "$";
            var message = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"unknown field{UnknownFieldName(ex.Message)} at {path} in {kind}: remove it or check its spelling (field names are case-sensitive)"
                : $"invalid value at {path} in {kind}: {Simplify(ex.Message)}";
            throw new OpaqueConfigException(path, message, ex);
        }
    }

    private static string UnknownFieldName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? $" '{message[(start + 1)..end]}'" : string.Empty;
    }

    private static string Simplify(string message)
    {
        // The serializer names .NET types; say what the field needs instead.
        if (message.Contains("System.Boolean", StringComparison.Ordinal))
        {
            return "expected true or false";
        }

        if (message.Contains("System.Int32", StringComparison.Ordinal))
        {
            return "expected a whole number";
        }

        if (message.Contains("System.String", StringComparison.Ordinal))
        {
            return "expected a string";
        }

        if (message.Contains("Wire", StringComparison.Ordinal) || message.Contains("Dictionary", StringComparison.Ordinal))
        {
            return "expected a JSON object";
        }

        return FirstSentence(message);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    private static string Where(JsonException ex) =>
        ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
