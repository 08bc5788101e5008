using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvidia.Dra.Core.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nvidia.Dra.Cli.Demo;

/// <summary>
/// The NVIDIA guide's ResourceClaimTemplate (<c>samples/claims/vfio-gpu-rct.yaml</c>, embedded): read as YAML,
/// turned into JSON, and made into the allocated claim the scheduler would hand kubelet for a KubeVirt pod.
/// </summary>
internal sealed class ClaimTemplate
{
    public const string ResourceName = "vfio-gpu-rct.yaml";

    private ClaimTemplate(string yaml, JsonElement root)
    {
        Yaml = yaml;
        Root = root;
    }

    public string Yaml { get; }

    public JsonElement Root { get; }

    public string Name => Root.GetProperty("metadata").GetProperty("name").GetString()!;

    public static ClaimTemplate LoadEmbedded()
    {
        using var stream = typeof(ClaimTemplate).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from {typeof(ClaimTemplate).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    public static ClaimTemplate Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(stream.Documents[0].RootNode, writer);
        }

        return new ClaimTemplate(yaml, JsonDocument.Parse(buffer.ToArray()).RootElement.Clone());
    }

    /// <summary>
    /// The claim Kubernetes creates from the template for a pod, allocated one device of each request, as the API
    /// server stores it (the template's spec, the pod-claim-name annotation, the allocation with the claim configs).
    /// </summary>
    public JsonObject Allocate(string podClaimName, string claimName, string ns, string uid, string pool, Func<string, string> deviceForRequest)
    {
        var spec = JsonNode.Parse(Root.GetProperty("spec").GetProperty("spec").GetRawText())!.AsObject();
        var devices = spec["devices"]!.AsObject();
        var requests = devices["requests"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        var configs = devices["config"] is JsonArray config ? config.Select(c => c!.DeepClone().AsObject()).ToList() : [];
        foreach (var entry in configs)
        {
            entry.Insert(0, "source", "FromClaim");
        }

        return new JsonObject
        {
            ["apiVersion"] = "resource.k8s.io/v1",
            ["kind"] = "ResourceClaim",
            ["metadata"] = new JsonObject
            {
                ["name"] = claimName,
                ["namespace"] = ns,
                ["uid"] = uid,
                ["annotations"] = new JsonObject { [ResourceClaim.PodClaimNameAnnotation] = podClaimName },
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["allocation"] = new JsonObject
                {
                    ["devices"] = new JsonObject
                    {
                        ["results"] = new JsonArray([.. requests.Select(r => (JsonNode)new JsonObject { ["request"] = r, ["driver"] = "gpu.nvidia.com", ["pool"] = pool, ["device"] = deviceForRequest(r) })]),
                        ["config"] = new JsonArray([.. configs]),
                    },
                },
            },
        };
    }

    private static void Write(YamlNode node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    Write(value, writer);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(scalar, writer);
                break;
        }
    }

    private static void WriteScalar(YamlScalarNode scalar, Utf8JsonWriter writer)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            writer.WriteStringValue(value);
        }
        else if (value is "true" or "false")
        {
            writer.WriteBooleanValue(value == "true");
        }
        else if (value is "null" or "~" or "")
        {
            writer.WriteNullValue();
        }
        else if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
