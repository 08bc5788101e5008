using System.CommandLine;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary><c>nvdra gpus</c>: what NVML reports about this node's GPUs.</summary>
internal static class GpusCommand
{
    private const string DefaultNvidiaSmi = "nvidia-smi";

    public static Command Create()
    {
        var roots = new HostRootOptions();
        var libraryPath = new Option<string?>("--library-path") { Description = "Full path of libnvidia-ml.so.1 (skips the search under the driver root).", HelpName = "path" };
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

        var command = new Command("gpus", "List the GPUs NVML sees: identity, memory, PCI bus id, persistence and MIG mode. Exit 0 listed (or nvidia-smi agrees), 1 nvidia-smi differs, 2 NVML could not be used.");
        roots.AddTo(command);
        command.Options.Add(libraryPath);
        command.Options.Add(compare);
        command.Options.Add(nvidiaSmi);
        command.Options.Add(verbose);
        command.SetCliAction(roots.Json, (parseResult, _) =>
        {
            var name = roots.SimulationName(parseResult);
            var host = roots.Resolve(parseResult);
            var library = HostRootOptions.Checked(libraryPath, parseResult);
            var comparing = parseResult.GetValue(compare);
            if (name is not null && (library is not null || comparing))
            {
                throw new CliException($"{CommonOptions.SimulateName} cannot be combined with {(library is not null ? "--library-path" : "--compare-nvidia-smi")}: the simulated node has no NVIDIA library or nvidia-smi. Drop one of them.");
            }

            if (comparing && parseResult.GetValue(roots.Json))
            {
                throw new CliException("--compare-nvidia-smi prints a comparison table and has no JSON form: drop --json, or use --json without the comparison.");
            }

            var settings = new Settings
            {
                Json = parseResult.GetValue(roots.Json),
                DriverRoot = host.ResolvedDriverRoot,
                LibraryPath = library,
                Simulate = name,
                Compare = comparing,
                NvidiaSmi = parseResult.GetValue(nvidiaSmi)!,
                Verbose = parseResult.GetValue(verbose),
            };
            var config = parseResult.InvocationConfiguration;
            return Task.FromResult(Run(settings, config.Output, config.Error));
        });
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
            var json = args.Length == 2;
            try
            {
                exitCode = Run(new Settings { Json = json, DriverRoot = new HostRoots("/").ResolvedDriverRoot }, Console.Out, Console.Error);
            }
            catch (Exception exception)
            {
                exitCode = CliAction.Fail("gpus", exception, json, Console.Out, Console.Error);
            }

            return true;
        }

        exitCode = 0;
        return false;
    }

    private static int Run(Settings settings, TextWriter output, TextWriter error)
    {
        var loggerFactory = settings.Verbose ? new StderrLoggerFactory() : null;
        using var simulation = Simulation.Create(settings.Simulate);

        // No Dispose (so no nvmlShutdown) of a real client here: the process exits right after this method, and the
        // kernel then closes NVML's device files and frees its memory, which is all nvmlShutdown would do for a
        // client that changed nothing. On the H200 the call takes about 2.8 ms, and a process that makes it ends 1.4
        // to 2.4 ms later than one that does not (docs/nvml). A long-lived process keeps disposing its NvmlClient,
        // which shuts NVML down properly. For the same reason NVML stays loaded between the calls (no idle unload, so
        // no timer either): a long-lived driver unloads it when idle, this process is gone in milliseconds. A
        // simulated node is disposed: it is a temporary directory.
        try
        {
            var nvml = simulation?.Nvml ?? new NvmlClient(
                new NvmlOptions { DriverRoot = settings.DriverRoot, LibraryPath = settings.LibraryPath, IdleUnloadDelay = Timeout.InfiniteTimeSpan },
                loggerFactory);
            var system = nvml.GetSystemInfo();
            loggerFactory?.Mark("system info read (includes loading and initialising NVML)");
            var gpus = nvml.GetGpus();
            loggerFactory?.Mark($"{gpus.Count} GPU(s) read");
            if (settings.Compare)
            {
                return NvidiaSmiComparison.Run(settings.NvidiaSmi, nvml, system, gpus, output);
            }

            if (settings.Json)
            {
                GpusJson.Write(system, gpus, output);
            }
            else
            {
                GpuTable.Write(system, gpus, output);
            }

            loggerFactory?.Mark("output written; NVML is left to the process exit");
            return ExitCodes.Ok;
        }
        catch (Exception exception) when (exception is NvmlException or OptionsValidationException)
        {
            // The library names its options (NvmlOptions.DriverRoot); the user typed flags.
            var message = CliText.Message(exception)
                .Replace("NvmlOptions.DriverRoot", "--driver-root", StringComparison.Ordinal)
                .Replace("NvmlOptions.LibraryPath", "--library-path", StringComparison.Ordinal)
                .Replace("Property DriverRoot", "--driver-root", StringComparison.Ordinal)
                .Replace("Property LibraryPath", "--library-path", StringComparison.Ordinal);
            CliAction.Fail("gpus", message, ExitCodes.UsageOrCouldNotCheck, settings.Json, output, error);
            return ExitCodes.UsageOrCouldNotCheck;
        }
    }

    private sealed record Settings
    {
        public bool Json { get; init; }

        public required string DriverRoot { get; init; }

        public string? LibraryPath { get; init; }

        public string? Simulate { get; init; }

        public bool Compare { get; init; }

        public string NvidiaSmi { get; init; } = DefaultNvidiaSmi;

        public bool Verbose { get; init; }
    }
}
