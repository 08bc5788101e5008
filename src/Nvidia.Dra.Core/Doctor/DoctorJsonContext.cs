using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>Source-generated JSON for doctor reports (AOT and trim safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DoctorReportJson))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext
{
}
