using System.Globalization;
using System.Text;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary>The human-readable form of <c>nvdra gpus</c>.</summary>
/// <remarks>Built in one <see cref="StringBuilder"/> and written with one call: no interpolated strings or LINQ here,
/// because the first rental from <c>ArrayPool&lt;char&gt;.Shared</c> (which interpolated strings make) costs a
/// short-lived process about 0.3 ms, and each <c>WriteLine</c> on the console is its own system call.</remarks>
internal static class GpuTable
{
    private static readonly string[] Header = ["IDX", "PCI BUS ID", "UUID", "NAME", "ARCH", "CC", "MEMORY", "MINOR", "PERSIST", "MIG"];

    public static void Write(NvmlSystemInfo system, IReadOnlyList<NvmlGpu> gpus, TextWriter output)
    {
        var text = new StringBuilder(256 * (gpus.Count + 2));
        text.Append("Driver ").Append(system.DriverVersion)
            .Append(", CUDA ").Append(system.CudaDriverVersion.ToString())
            .Append(", NVML ").Append(system.NvmlVersion)
            .Append("; ").Append(gpus.Count.ToString(CultureInfo.InvariantCulture)).Append(" GPU(s)").Append('\n');
        if (gpus.Count > 0)
        {
            var rows = new string[gpus.Count][];
            var widths = new int[Header.Length];
            for (var column = 0; column < Header.Length; column++)
            {
                widths[column] = Header[column].Length;
            }

            for (var i = 0; i < gpus.Count; i++)
            {
                var row = rows[i] = Row(gpus[i]);
                for (var column = 0; column < row.Length; column++)
                {
                    widths[column] = Math.Max(widths[column], row[column].Length);
                }
            }

            AppendLine(text, Header, widths);
            foreach (var row in rows)
            {
                AppendLine(text, row, widths);
            }
        }

        output.Write(text.ToString());
        output.Flush();
    }

    private static string[] Row(NvmlGpu gpu) =>
    [
        gpu.Index.ToString(CultureInfo.InvariantCulture),
        gpu.PciBusId,
        gpu.Uuid,
        gpu.Name,
        gpu.Architecture.ToString(),
        gpu.ComputeCapability.ToString(),
        (gpu.MemoryTotalBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB",
        gpu.MinorNumber?.ToString(CultureInfo.InvariantCulture) ?? "-",
        OnOff(gpu.PersistenceModeEnabled),
        gpu.MigMode is { } mig ? OnOff(mig.CurrentEnabled) : "n/a",
    ];

    private static string OnOff(bool? value) => value switch
    {
        true => "on",
        false => "off",
        null => "-",
    };

    // Cells separated by two spaces, each padded to its column's width, trailing spaces trimmed.
    private static void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        var start = text.Length;
        for (var column = 0; column < cells.Length; column++)
        {
            if (column > 0)
            {
                text.Append("  ");
            }

            text.Append(cells[column]).Append(' ', widths[column] - cells[column].Length);
        }

        var end = text.Length;
        while (end > start && text[end - 1] == ' ')
        {
            end--;
        }

        text.Length = end;
        text.Append('\n');
    }
}
