using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

/// <summary>A device in a ResourceSlice (resource.k8s.io/v1 <c>Device</c>).</summary>
public sealed record Device
{
    /// <summary>Gets the device name, a DNS label unique in the pool.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the attributes: bare keys belong to the driver's domain, others are qualified.</summary>
    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, DeviceAttribute>? Attributes { get; init; }

    /// <summary>Gets the capacities.</summary>
    [JsonPropertyName("capacity")]
    public IReadOnlyDictionary<string, DeviceCapacity>? Capacity { get; init; }

    /// <summary>Gets the shared counters the device consumes when allocated.</summary>
    [JsonPropertyName("consumesCounters")]
    public IReadOnlyList<DeviceCounterConsumption>? ConsumesCounters { get; init; }
}
