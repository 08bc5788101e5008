using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary>The JSON form of <c>nvdra gpus --json</c>.</summary>
internal static class GpusJson
{
    public static void Write(NvmlSystemInfo system, IReadOnlyList<NvmlGpu> gpus, TextWriter output)
    {
        var report = new GpusReport(
            system.DriverVersion,
            system.NvmlVersion,
            system.CudaDriverVersion.ToString(),
            [.. gpus.Select(gpu => new GpuReport(
                gpu.Index,
                gpu.Uuid,
                gpu.Name,
                gpu.Brand.ToString(),
                gpu.Architecture.ToString(),
                gpu.ComputeCapability.ToString(),
                gpu.MemoryTotalBytes,
                gpu.PciBusId,
                string.Create(CultureInfo.InvariantCulture, $"0x{gpu.PciDeviceId:x8}"),
                gpu.MinorNumber,
                gpu.PersistenceModeEnabled,
                gpu.MigMode?.CurrentEnabled))]);
        output.WriteLine(JsonSerializer.Serialize(report, GpusJsonContext.Default.GpusReport));
    }
}

internal sealed record GpusReport(string DriverVersion, string NvmlVersion, string CudaDriverVersion, IReadOnlyList<GpuReport> Gpus);

internal sealed record GpuReport(
    int Index,
    string Uuid,
    string Name,
    string Brand,
    string Architecture,
    string ComputeCapability,
    ulong MemoryTotalBytes,
    string PciBusId,
    string PciDeviceId,
    int? MinorNumber,
    bool? PersistenceModeEnabled,
    bool? MigEnabled);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GpusReport))]
internal sealed partial class GpusJsonContext : JsonSerializerContext
{
}
