using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

#pragma warning disable SA1402, SA1649 // The claim and the allocation types the driver reads form one wire object.

/// <summary>
/// The parts of a resource.k8s.io/v1 ResourceClaim the node plugin reads: identity and the allocation. Other
/// fields of a real claim are ignored when reading.
/// </summary>
public sealed record ResourceClaim
{
    /// <summary>The annotation set on claims generated from a template; its value is the pod-local claim name.</summary>
    public const string PodClaimNameAnnotation = "resource.kubernetes.io/pod-claim-name";

    /// <summary>Gets the API version.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; init; } = "resource.k8s.io/v1";

    /// <summary>Gets the kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; } = "ResourceClaim";

    /// <summary>Gets the metadata: name, namespace, UID and annotations.</summary>
    [JsonPropertyName("metadata")]
    public required ObjectMeta Metadata { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public ResourceClaimStatus? Status { get; init; }
}

/// <summary>The status of a claim.</summary>
public sealed record ResourceClaimStatus
{
    /// <summary>Gets the allocation, set by the scheduler.</summary>
    [JsonPropertyName("allocation")]
    public AllocationResult? Allocation { get; init; }
}

/// <summary>Where and what was allocated.</summary>
public sealed record AllocationResult
{
    /// <summary>Gets the allocated devices and their configuration.</summary>
    [JsonPropertyName("devices")]
    public DeviceAllocationResult? Devices { get; init; }
}

/// <summary>The allocated devices and the configuration that applies to them.</summary>
public sealed record DeviceAllocationResult
{
    /// <summary>Gets one entry per allocated device.</summary>
    [JsonPropertyName("results")]
    public IReadOnlyList<DeviceRequestAllocationResult>? Results { get; init; }

    /// <summary>Gets the class configs (<c>FromClass</c>) and claim configs (<c>FromClaim</c>), for every driver.</summary>
    [JsonPropertyName("config")]
    public IReadOnlyList<DeviceAllocationConfiguration>? Config { get; init; }
}

/// <summary>One allocated device.</summary>
public sealed record DeviceRequestAllocationResult
{
    /// <summary>Gets the request name: <c>req</c>, or <c>req/sub</c> for a <c>firstAvailable</c> subrequest.</summary>
    [JsonPropertyName("request")]
    public required string Request { get; init; }

    /// <summary>Gets the driver name.</summary>
    [JsonPropertyName("driver")]
    public required string Driver { get; init; }

    /// <summary>Gets the pool name.</summary>
    [JsonPropertyName("pool")]
    public required string Pool { get; init; }

    /// <summary>Gets the device name.</summary>
    [JsonPropertyName("device")]
    public required string Device { get; init; }

    /// <summary>Gets a value indicating whether the device was allocated with admin access.</summary>
    [JsonPropertyName("adminAccess")]
    public bool? AdminAccess { get; init; }

    /// <summary>Gets the share ID of a device allocated more than once.</summary>
    [JsonPropertyName("shareID")]
    public string? ShareId { get; init; }
}

/// <summary>One configuration entry of an allocation.</summary>
public sealed record DeviceAllocationConfiguration
{
    /// <summary>The source value of a DeviceClass configuration.</summary>
    public const string FromClass = "FromClass";

    /// <summary>The source value of a claim configuration.</summary>
    public const string FromClaim = "FromClaim";

    /// <summary>Gets where the entry comes from: <see cref="FromClass"/> or <see cref="FromClaim"/>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>Gets the requests the entry applies to; empty or absent means all requests.</summary>
    [JsonPropertyName("requests")]
    public IReadOnlyList<string>? Requests { get; init; }

    /// <summary>Gets the opaque configuration; absent for configuration types this API version does not know.</summary>
    [JsonPropertyName("opaque")]
    public OpaqueDeviceConfiguration? Opaque { get; init; }
}
#pragma warning restore SA1402, SA1649
