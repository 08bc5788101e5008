using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary><c>nvdra gpus</c>: what NVML reports about this node's GPUs.</summary>
internal static class GpusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var driverRoot = new Option<string>("--driver-root")
        {
            Description = "Where the NVIDIA driver is installed (/, /run/nvidia/driver, /home/kubernetes/bin/nvidia).",
            DefaultValueFactory = _ => "/",
        };
        var libraryPath = new Option<string?>("--library-path") { Description = "Full path of libnvidia-ml.so.1 (skips the search)." };
        var simulate = new Option<int?>("--simulate") { Description = "Use N simulated H200s instead of the real driver." };
        var compare = new Option<bool>("--compare-nvidia-smi")
        {
            Description = "Compare every field with nvidia-smi on this machine (read-only); exit 1 on any difference.",
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log the library search and NVML calls to stderr." };
        var nvidiaSmi = new Option<string>("--nvidia-smi")
        {
            Description = "The nvidia-smi to compare with.",
            DefaultValueFactory = _ => "nvidia-smi",
        };

        var command = new Command("gpus", "List the GPUs NVML sees: identity, memory, PCI bus id, persistence and MIG mode.")
        {
            json, driverRoot, libraryPath, simulate, compare, nvidiaSmi, verbose,
        };
        command.SetAction(parseResult =>
        {
            using var loggerFactory = parseResult.GetValue(verbose) ? new StderrLoggerFactory() : null;
            using var nvml = Open(parseResult.GetValue(simulate), parseResult.GetValue(driverRoot)!, parseResult.GetValue(libraryPath), loggerFactory);
            try
            {
                var system = nvml.GetSystemInfo();
                loggerFactory?.Mark("system info read (includes loading and initialising NVML)");
                var gpus = nvml.GetGpus();
                loggerFactory?.Mark($"{gpus.Count} GPU(s) read");
                if (parseResult.GetValue(compare))
                {
                    return NvidiaSmiComparison.Run(parseResult.GetValue(nvidiaSmi)!, nvml, system, gpus, Console.Out);
                }

                if (parseResult.GetValue(json))
                {
                    GpusJson.Write(system, gpus, Console.Out);
                }
                else
                {
                    GpuTable.Write(system, gpus, Console.Out);
                }

                return 0;
            }
            catch (NvmlException exception)
            {
                Console.Error.WriteLine(exception.Message);
                return 2;
            }
        });
        return command;
    }

    private static NvmlClient Open(int? simulated, string driverRoot, string? libraryPath, ILoggerFactory? loggerFactory) =>
        simulated is { } count
            ? FakeNvml.WithH200s(count).CreateClient(loggerFactory)
            : new NvmlClient(new NvmlOptions { DriverRoot = driverRoot, LibraryPath = libraryPath }, loggerFactory);
}
