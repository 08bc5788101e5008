using System.Globalization;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary>The human-readable form of <c>nvdra gpus</c>.</summary>
internal static class GpuTable
{
    public static void Write(NvmlSystemInfo system, IReadOnlyList<NvmlGpu> gpus, TextWriter output)
    {
        output.WriteLine($"Driver {system.DriverVersion}, CUDA {system.CudaDriverVersion}, NVML {system.NvmlVersion}; {gpus.Count} GPU(s)");
        if (gpus.Count == 0)
        {
            return;
        }

        string[] header = ["IDX", "PCI BUS ID", "UUID", "NAME", "ARCH", "CC", "MEMORY", "MINOR", "PERSIST", "MIG"];
        var rows = gpus.Select(gpu => new[]
        {
            gpu.Index.ToString(CultureInfo.InvariantCulture),
            gpu.PciBusId,
            gpu.Uuid,
            gpu.Name,
            gpu.Architecture.ToString(),
            gpu.ComputeCapability.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"{gpu.MemoryTotalBytes / (1024 * 1024)} MiB"),
            gpu.MinorNumber?.ToString(CultureInfo.InvariantCulture) ?? "-",
            OnOff(gpu.PersistenceModeEnabled),
            gpu.MigMode is { } mig ? OnOff(mig.CurrentEnabled) : "n/a",
        }).ToList();
        var widths = header.Select((title, column) => rows.Max(row => row[column].Length) is var max && max > title.Length ? max : title.Length).ToArray();
        output.WriteLine(Line(header, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string OnOff(bool? value) => value switch
    {
        true => "on",
        false => "off",
        null => "-",
    };

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd();
}
