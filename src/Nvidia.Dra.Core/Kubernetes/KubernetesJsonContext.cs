using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Kubernetes;

/// <summary>
/// Source-generated JSON for the resource.k8s.io/v1 objects: nulls omitted, as the API server writes them. Reading
/// tolerates fields the driver does not model, since real claims carry many, but not a null where the model
/// requires a value.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectNullableAnnotations = true, MaxDepth = 64)]
[JsonSerializable(typeof(ResourceSlice))]
[JsonSerializable(typeof(DeviceClass))]
[JsonSerializable(typeof(ResourceClaim))]
[JsonSerializable(typeof(IReadOnlyList<ResourceSlice>))]
[JsonSerializable(typeof(IReadOnlyList<DeviceClass>))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext
{
}
