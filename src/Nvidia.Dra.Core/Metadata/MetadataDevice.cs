using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Metadata;

/// <summary>A prepared device to describe in the claim's metadata.</summary>
/// <param name="Request">The allocation result's request (<c>req</c> or <c>req/sub</c>).</param>
/// <param name="Pool">The pool name.</param>
/// <param name="DeviceName">The device name.</param>
/// <param name="Attributes">The device's published attributes (for a vfio device: the whole vfio view map).</param>
public sealed record MetadataDevice(string Request, string Pool, string DeviceName, IReadOnlyDictionary<string, DeviceAttribute> Attributes);
