using System.Text.Json.Serialization;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary>Source-generated JSON for the Vfio commands' output.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscoverReport))]
[JsonSerializable(typeof(HoldersReport))]
internal sealed partial class VfioCliJsonContext : JsonSerializerContext
{
}
