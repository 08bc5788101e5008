using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Configs.Wire;

/// <summary>
/// Source-generated, strict (de)serialisation of opaque configs: unknown members and duplicate properties are
/// errors, property names match case-sensitively, nulls are not written.
/// </summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32)]
[JsonSerializable(typeof(VfioDeviceConfigWire))]
[JsonSerializable(typeof(GpuConfigWire))]
[JsonSerializable(typeof(MigDeviceConfigWire))]
internal sealed partial class OpaqueConfigJsonContext : JsonSerializerContext
{
}
