using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary><c>nvdra gpus</c>: what NVML reports about this node's GPUs.</summary>
internal static class GpusCommand
{
    private const string DefaultDriverRoot = "/";
    private const string DefaultNvidiaSmi = "nvidia-smi";

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var driverRoot = new Option<string>("--driver-root")
        {
            Description = "Where the NVIDIA driver is installed (/, /run/nvidia/driver, /home/kubernetes/bin/nvidia).",
            DefaultValueFactory = _ => DefaultDriverRoot,
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
            DefaultValueFactory = _ => DefaultNvidiaSmi,
        };

        var command = new Command("gpus", "List the GPUs NVML sees: identity, memory, PCI bus id, persistence and MIG mode.")
        {
            json, driverRoot, libraryPath, simulate, compare, nvidiaSmi, verbose,
        };
        command.SetAction(parseResult => Run(new Settings
        {
            Json = parseResult.GetValue(json),
            DriverRoot = parseResult.GetValue(driverRoot)!,
            LibraryPath = parseResult.GetValue(libraryPath),
            Simulate = parseResult.GetValue(simulate),
            Compare = parseResult.GetValue(compare),
            NvidiaSmi = parseResult.GetValue(nvidiaSmi)!,
            Verbose = parseResult.GetValue(verbose),
        }));
        return command;
    }

    /// <summary>
    /// The plain forms <c>nvdra gpus</c> and <c>nvdra gpus --json</c> (what a node operator types and what the H200
    /// benchmark times) need none of the parser, whose tree costs a short-lived process about 0.3 ms (measured on a
    /// development machine). They run <see cref="Run"/> directly, with the same defaults the options declare;
    /// anything else (other options, help, typos) goes through the parser.
    /// </summary>
    public static bool TryRunPlain(string[] args, out int exitCode)
    {
        if (args is ["gpus"] or ["gpus", "--json"])
        {
            exitCode = Run(new Settings { Json = args.Length == 2 });
            return true;
        }

        exitCode = 0;
        return false;
    }

    private static int Run(Settings settings)
    {
        var loggerFactory = settings.Verbose ? new StderrLoggerFactory() : null;

        // No Dispose (so no nvmlShutdown) here: the process exits right after this method, and the kernel then
        // closes NVML's device files and frees its memory, which is all nvmlShutdown would do for a client that
        // changed nothing. On the H200 the call takes about 2.8 ms, and a process that makes it ends 1.4 to 2.4 ms
        // later than one that does not (docs/nvml). A long-lived process keeps disposing its NvmlClient, which shuts
        // NVML down properly.
        var nvml = Open(settings.Simulate, settings.DriverRoot, settings.LibraryPath, loggerFactory);
        try
        {
            var system = nvml.GetSystemInfo();
            loggerFactory?.Mark("system info read (includes loading and initialising NVML)");
            var gpus = nvml.GetGpus();
            loggerFactory?.Mark($"{gpus.Count} GPU(s) read");
            if (settings.Compare)
            {
                return NvidiaSmiComparison.Run(settings.NvidiaSmi, nvml, system, gpus, Console.Out);
            }

            if (settings.Json)
            {
                GpusJson.Write(system, gpus, Console.Out);
            }
            else
            {
                GpuTable.Write(system, gpus, Console.Out);
            }

            loggerFactory?.Mark("output written; NVML is left to the process exit");
            return 0;
        }
        catch (NvmlException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }
    }

    private static NvmlClient Open(int? simulated, string driverRoot, string? libraryPath, ILoggerFactory? loggerFactory) =>
        simulated is { } count
            ? FakeNvml.WithH200s(count).CreateClient(loggerFactory)
            : new NvmlClient(new NvmlOptions { DriverRoot = driverRoot, LibraryPath = libraryPath }, loggerFactory);

    private sealed record Settings
    {
        public bool Json { get; init; }

        public string DriverRoot { get; init; } = DefaultDriverRoot;

        public string? LibraryPath { get; init; }

        public int? Simulate { get; init; }

        public bool Compare { get; init; }

        public string NvidiaSmi { get; init; } = DefaultNvidiaSmi;

        public bool Verbose { get; init; }
    }
}
