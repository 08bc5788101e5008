using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

#pragma warning disable SA1402, SA1649 // The slice, its spec and its pool are one wire object.

/// <summary>A resource.k8s.io/v1 ResourceSlice.</summary>
public sealed record ResourceSlice
{
    /// <summary>Gets the API version, always <c>resource.k8s.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = "resource.k8s.io/v1";

    /// <summary>Gets the kind, always <c>ResourceSlice</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "ResourceSlice";

    /// <summary>Gets the metadata.</summary>
    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    /// <summary>Gets the spec.</summary>
    [JsonPropertyName("spec")]
    public required ResourceSliceSpec Spec { get; init; }
}

/// <summary>The spec of a ResourceSlice: either devices or shared counters, never both.</summary>
public sealed record ResourceSliceSpec
{
    /// <summary>Gets the driver name.</summary>
    [JsonPropertyName("driver")]
    public required string Driver { get; init; }

    /// <summary>Gets the pool this slice belongs to.</summary>
    [JsonPropertyName("pool")]
    public required ResourcePool Pool { get; init; }

    /// <summary>Gets the node whose devices these are.</summary>
    [JsonPropertyName("nodeName")]
    public string? NodeName { get; init; }

    /// <summary>Gets the devices (device slices only).</summary>
    [JsonPropertyName("devices")]
    public IReadOnlyList<Device>? Devices { get; init; }

    /// <summary>Gets the shared counter sets (counter slices only).</summary>
    [JsonPropertyName("sharedCounters")]
    public IReadOnlyList<CounterSet>? SharedCounters { get; init; }
}

/// <summary>A slice's pool: consumers use only the slices of the highest generation.</summary>
/// <param name="Name">The pool name (the node name).</param>
/// <param name="Generation">The pool generation, bumped in every slice when anything in the pool changes.</param>
/// <param name="ResourceSliceCount">How many slices make up the pool at this generation.</param>
public sealed record ResourcePool(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("resourceSliceCount")] long ResourceSliceCount);
#pragma warning restore SA1402, SA1649
