using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary>
/// <c>nvdra gpus --compare-nvidia-smi</c>: puts every field NVML gave us beside what nvidia-smi reports on the same
/// machine. Read-only: nvidia-smi is only queried.
/// </summary>
internal static class NvidiaSmiComparison
{
    public const string QueryFields = "index,uuid,name,pci.bus_id,memory.total,persistence_mode,driver_version,compute_cap,mig.mode.current";

    public static int Run(string nvidiaSmi, INvml nvml, NvmlSystemInfo system, IReadOnlyList<NvmlGpu> gpus, TextWriter output)
    {
        var csv = Execute(nvidiaSmi, $"--query-gpu={QueryFields} --format=csv,noheader,nounits");
        var details = Execute(nvidiaSmi, "-q");
        var minors = MinorNumbers(details);
        var cuda = Value(details, "CUDA Version");
        var apps = Execute(nvidiaSmi, "--query-compute-apps=gpu_bus_id,pid --format=csv,noheader")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Fields(line, 2))
            .ToLookup(parts => NvmlPciBusId.Normalize(parts[0]), parts => parts[1]);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Fields(line, 9))
            .ToList();

        var mismatches = 0;
        output.WriteLine($"nvidia-smi --query-gpu={QueryFields} --format=csv,noheader,nounits; nvidia-smi -q (Minor Number, CUDA Version); nvidia-smi --query-compute-apps=gpu_bus_id,pid");
        output.WriteLine($"{"GPU",-14} {"FIELD",-18} {"NVML (Nvidia.Dra.Nvml)",-44} {"NVIDIA-SMI",-44} RESULT");
        Compare("system", "gpu count", gpus.Count.ToString(CultureInfo.InvariantCulture), rows.Count.ToString(CultureInfo.InvariantCulture));
        Compare("system", "cuda version", system.CudaDriverVersion.ToString(), cuda ?? "(missing)");
        foreach (var row in rows)
        {
            var busId = NvmlPciBusId.Normalize(row[3]);
            var gpu = gpus.FirstOrDefault(candidate => candidate.PciBusId == busId);
            if (gpu is null)
            {
                Compare(busId, "present", "(not seen by NVML)", "present");
                continue;
            }

            Compare(busId, "index", gpu.Index.ToString(CultureInfo.InvariantCulture), row[0]);
            Compare(busId, "uuid", gpu.Uuid, row[1]);
            Compare(busId, "name", gpu.Name, row[2]);
            Compare(busId, "pci.bus_id", gpu.PciBusId, busId + $" (raw {row[3]})", gpu.PciBusId == busId);
            Compare(busId, "minor number", gpu.MinorNumber?.ToString(CultureInfo.InvariantCulture) ?? "(none)", minors.GetValueOrDefault(busId, "(missing)"));
            Compare(busId, "memory.total MiB", (gpu.MemoryTotalBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture), row[4]);
            Compare(busId, "persistence_mode", gpu.PersistenceModeEnabled switch { true => "Enabled", false => "Disabled", null => "[N/A]" }, row[5]);
            Compare(busId, "driver_version", system.DriverVersion, row[6]);
            Compare(busId, "compute_cap", gpu.ComputeCapability.ToString(), row[7]);
            Compare(busId, "mig.mode.current", gpu.MigMode is { } mig ? (mig.CurrentEnabled ? "Enabled" : "Disabled") : "[N/A]", row[8]);
            Compare(busId, "compute pids", Pids(nvml.GetComputeProcessIds(busId).Select(pid => pid.ToString(CultureInfo.InvariantCulture))), Pids(apps[busId]));
            Compare(busId, "found by uuid", nvml.TryGetGpuByUuid(gpu.Uuid, out var byUuid) ? byUuid.PciBusId : "(not found)", busId);
            Compare(busId, "found by bus id", nvml.TryGetGpuByPciBusId(row[3], out var byBusId) ? byBusId.Uuid : "(not found)", row[1]);
        }

        output.WriteLine(mismatches == 0
            ? $"RESULT: all fields agree for {gpus.Count} GPU(s)"
            : $"RESULT: {mismatches} field(s) differ");
        return mismatches == 0 ? 0 : 1;

        void Compare(string gpu, string field, string nvml, string smi, bool? equal = null)
        {
            var same = equal ?? string.Equals(nvml, smi, StringComparison.Ordinal);
            mismatches += same ? 0 : 1;
            output.WriteLine($"{gpu,-14} {field,-18} {nvml,-44} {smi,-44} {(same ? "ok" : "DIFFERENT")}");
        }
    }

    private static string Pids(IEnumerable<string> pids)
    {
        var sorted = pids.Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? "(none)" : string.Join(' ', sorted);
    }

    // "GPU 00000000:00:06.0" opens each GPU's block in nvidia-smi -q; "Minor Number : 0" follows inside it.
    private static Dictionary<string, string> MinorNumbers(string details)
    {
        var minors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in details.Split('\n'))
        {
            if (line.StartsWith("GPU ", StringComparison.Ordinal) && NvmlPciBusId.TryNormalize(line[4..], out var busId))
            {
                current = busId;
            }
            else if (current is not null && line.TrimStart().StartsWith("Minor Number", StringComparison.Ordinal))
            {
                minors[current] = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return minors;
    }

    private static string? Value(string details, string key) =>
        details.Split('\n')
            .Where(line => line.TrimStart().StartsWith(key, StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();

    private static string Execute(string fileName, string arguments)
    {
        Process? started;
        try
        {
            started = Process.Start(new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
        }
        catch (Win32Exception exception)
        {
            throw new CliException($"could not check: {CliText.Printable(fileName)} could not be started ({exception.Message}); install the NVIDIA driver's nvidia-smi or pass --nvidia-smi with its full path.");
        }

        using var process = started ?? throw new CliException($"could not check: {CliText.Printable(fileName)} could not be started; pass --nvidia-smi with the full path of nvidia-smi.");
        var errors = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? text
            : throw new CliException($"could not check: {CliText.Printable(fileName)} {arguments} exited with {process.ExitCode}: {CliText.Printable(errors.GetAwaiter().GetResult().Trim())}");
    }

    private static string[] Fields(string line, int count)
    {
        var fields = line.Split(',', StringSplitOptions.TrimEntries);
        return fields.Length >= count
            ? fields
            : throw new CliException($"could not check: nvidia-smi printed '{CliText.Printable(line)}' where {count} comma-separated fields were expected; pass --nvidia-smi with the NVIDIA driver's nvidia-smi.");
    }
}
