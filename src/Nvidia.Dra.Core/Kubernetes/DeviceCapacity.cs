using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

/// <summary>A device capacity: a Kubernetes quantity in canonical form.</summary>
/// <param name="Value">The quantity, for example <c>143771Mi</c>.</param>
public sealed record DeviceCapacity([property: JsonPropertyName("value")] string Value);
