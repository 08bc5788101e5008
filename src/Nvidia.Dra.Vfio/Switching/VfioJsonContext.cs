using System.Text.Json.Serialization;

namespace Nvidia.Dra.Vfio;

/// <summary>Source-generated JSON metadata for the records the package persists.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(DriverSwitchRecord))]
internal sealed partial class VfioJsonContext : JsonSerializerContext
{
}
