using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

#pragma warning disable SA1402, SA1649 // The class and its nested spec types are one wire object.

/// <summary>A resource.k8s.io/v1 DeviceClass.</summary>
public sealed record DeviceClass
{
    /// <summary>Gets the API version, always <c>resource.k8s.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = "resource.k8s.io/v1";

    /// <summary>Gets the kind, always <c>DeviceClass</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "DeviceClass";

    /// <summary>Gets the metadata.</summary>
    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    /// <summary>Gets the spec.</summary>
    [JsonPropertyName("spec")]
    public required DeviceClassSpec Spec { get; init; }
}

/// <summary>The spec of a DeviceClass.</summary>
public sealed record DeviceClassSpec
{
    /// <summary>Gets the CEL selectors every device of the class must pass.</summary>
    [JsonPropertyName("selectors")]
    public IReadOnlyList<DeviceSelector>? Selectors { get; init; }

    /// <summary>Gets the class-level configurations, copied into each claim's allocation as <c>FromClass</c>.</summary>
    [JsonPropertyName("config")]
    public IReadOnlyList<DeviceClassConfiguration>? Config { get; init; }

    /// <summary>Gets the extended resource name (KEP-5004), for example <c>nvidia.com/gpu</c>.</summary>
    [JsonPropertyName("extendedResourceName")]
    public string? ExtendedResourceName { get; init; }
}

/// <summary>A device selector.</summary>
/// <param name="Cel">The CEL selector.</param>
public sealed record DeviceSelector([property: JsonPropertyName("cel")] CelDeviceSelector Cel);

/// <summary>A CEL selector.</summary>
/// <param name="Expression">The CEL expression over <c>device</c>.</param>
public sealed record CelDeviceSelector([property: JsonPropertyName("expression")] string Expression);

/// <summary>A class-level configuration.</summary>
/// <param name="Opaque">The opaque configuration.</param>
public sealed record DeviceClassConfiguration([property: JsonPropertyName("opaque")] OpaqueDeviceConfiguration Opaque);

/// <summary>An opaque configuration: parameters only the named driver understands.</summary>
/// <param name="Driver">The driver the parameters are for; other drivers ignore the entry.</param>
/// <param name="Parameters">The parameters, a JSON object of at most 10 KiB.</param>
public sealed record OpaqueDeviceConfiguration(
    [property: JsonPropertyName("driver")] string Driver,
    [property: JsonPropertyName("parameters")] JsonElement Parameters);
#pragma warning restore SA1402, SA1649
