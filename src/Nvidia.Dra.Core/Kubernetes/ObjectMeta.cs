using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

/// <summary>The subset of Kubernetes object metadata the driver reads and writes.</summary>
public sealed record ObjectMeta
{
    /// <summary>Gets the object name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the name prefix the API server completes, when <see cref="Name"/> is unset.</summary>
    [JsonPropertyName("generateName")]
    public string? GenerateName { get; init; }

    /// <summary>Gets the namespace (namespaced objects only).</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>Gets the object's UID.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    /// <summary>Gets the labels.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Gets the annotations (for claims: <c>resource.kubernetes.io/pod-claim-name</c>).</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
