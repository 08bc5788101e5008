using System.Text.Json.Serialization;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Metadata;

#pragma warning disable SA1402, SA1649 // The KEP-5304 document and its nested types form one wire object.

/// <summary>
/// A KEP-5304 <c>DeviceMetadata</c> object (<c>metadata.resource.k8s.io/v1alpha1</c>), as the Kubernetes
/// kubeletplugin library v0.36 writes it and KubeVirt v1.8.3+/v1.9 reads it.
/// </summary>
public sealed record DeviceMetadataDocument
{
    /// <summary>The only version KubeVirt v1.9 accepts.</summary>
    public const string V1Alpha1 = "metadata.resource.k8s.io/v1alpha1";

    /// <summary>Gets the API version.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = V1Alpha1;

    /// <summary>Gets the kind, always <c>DeviceMetadata</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "DeviceMetadata";

    /// <summary>Gets the claim's identity.</summary>
    [JsonPropertyName("metadata")]
    public required DeviceMetadataObjectMeta Metadata { get; init; }

    /// <summary>Gets the pod-local claim name, only for claims generated from a template.</summary>
    [JsonPropertyName("podClaimName")]
    public string? PodClaimName { get; init; }

    /// <summary>Gets the request the file describes (one element per file).</summary>
    [JsonPropertyName("requests")]
    public required IReadOnlyList<DeviceMetadataRequest> Requests { get; init; }
}

/// <summary>The claim identity in a metadata file: only these four fields are set.</summary>
/// <param name="Name">The claim name.</param>
/// <param name="Namespace">The claim namespace.</param>
/// <param name="Uid">The claim UID.</param>
/// <param name="Generation">The file generation, starting at 1.</param>
public sealed record DeviceMetadataObjectMeta(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("generation")] long Generation);

/// <summary>One request and its devices.</summary>
/// <param name="Name">The request name as allocated (<c>req</c> or <c>req/sub</c>).</param>
/// <param name="Devices">The request's devices.</param>
public sealed record DeviceMetadataRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("devices")] IReadOnlyList<DeviceMetadataDevice> Devices);

/// <summary>One device: identity and attributes (KubeVirt reads <c>resource.kubernetes.io/pciBusID</c>).</summary>
/// <param name="Driver">The driver name.</param>
/// <param name="Pool">The pool name.</param>
/// <param name="Name">The device name.</param>
/// <param name="Attributes">The device's attributes, as published in the ResourceSlice.</param>
public sealed record DeviceMetadataDevice(
    [property: JsonPropertyName("driver")] string Driver,
    [property: JsonPropertyName("pool")] string Pool,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, DeviceAttribute> Attributes);

/// <summary>Source-generated JSON for metadata files: compact, nulls omitted.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeviceMetadataDocument))]
internal sealed partial class DeviceMetadataJsonContext : JsonSerializerContext
{
}
#pragma warning restore SA1402, SA1649
