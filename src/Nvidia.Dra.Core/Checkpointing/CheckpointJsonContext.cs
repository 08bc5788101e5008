using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>
/// Source-generated JSON for the checkpoint: camelCase, string enums, nulls omitted. Unknown members are skipped
/// (the default) so a file written by a newer version with additive fields still reads (W17).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(Checkpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext
{
}
