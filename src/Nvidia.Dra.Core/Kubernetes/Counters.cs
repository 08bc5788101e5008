using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

#pragma warning disable SA1402, SA1649 // The three KEP-4815 counter types form one concept.

/// <summary>A counter amount (KEP-4815).</summary>
/// <param name="Value">The quantity.</param>
public sealed record Counter([property: JsonPropertyName("value")] string Value);

/// <summary>A named set of shared counters published in a ResourceSlice (<c>spec.sharedCounters[]</c>).</summary>
/// <param name="Name">The set name, a DNS label unique in the pool.</param>
/// <param name="Counters">The counters by name.</param>
public sealed record CounterSet(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("counters")] IReadOnlyDictionary<string, Counter> Counters);

/// <summary>What a device consumes from a counter set when it is allocated (<c>consumesCounters[]</c>).</summary>
/// <param name="CounterSet">The counter set name.</param>
/// <param name="Counters">The amounts consumed by counter name.</param>
public sealed record DeviceCounterConsumption(
    [property: JsonPropertyName("counterSet")] string CounterSet,
    [property: JsonPropertyName("counters")] IReadOnlyDictionary<string, Counter> Counters);
#pragma warning restore SA1402, SA1649
