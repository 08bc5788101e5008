using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

/// <summary>
/// A resource.k8s.io/v1 device attribute value: exactly one of <c>int</c>, <c>bool</c>, <c>string</c>,
/// <c>version</c> is set. Use the factory methods; they keep the one-of rule.
/// </summary>
public sealed record DeviceAttribute
{
    /// <summary>Gets the integer value.</summary>
    [JsonPropertyName("int")]
    public long? Int { get; init; }

    /// <summary>Gets the boolean value.</summary>
    [JsonPropertyName("bool")]
    public bool? Bool { get; init; }

    /// <summary>Gets the string value (at most 64 characters).</summary>
    [JsonPropertyName("string")]
    public string? String { get; init; }

    /// <summary>Gets the semantic-version value (SemVer 2.0.0, at most 64 characters).</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Creates a string attribute.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromString(string value) => new() { String = value };

    /// <summary>Creates an integer attribute.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromInt(long value) => new() { Int = value };

    /// <summary>Creates a boolean attribute.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromBool(bool value) => new() { Bool = value };

    /// <summary>Creates a version attribute; the value must already be valid SemVer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromVersion(string value) => new() { Version = value };
}
