using System.Diagnostics;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Benchmarks.Vfio;

/// <summary>
/// A whole-host holder scan with 1,000 real processes holding ~10 descriptors each (10 of them hold the target):
/// <c>nvdra</c>'s <see cref="DeviceHolderScanner"/> against <c>fuser</c> on the same path and against the NVIDIA
/// guide's shell loop over <c>/proc/*/fd/*</c> (its pattern adapted to the target path).
/// Run: <c>dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*HolderScan*'</c>.
/// </summary>
[SupportedOSPlatform("linux")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class HolderScanBenchmarks
{
    private HolderFarm? _farm;
    private DeviceHolderScanner? _scanner;

    [Params(1000)]
    public int Processes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _farm = new HolderFarm(Processes, holdersEvery: 100);
        _scanner = new DeviceHolderScanner();
        var found = _scanner.FindHolders(_farm.Target).Count;
        if (found != _farm.Holders)
        {
            throw new InvalidOperationException($"Setup check: nvdra found {found} holders, expected {_farm.Holders}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _farm?.Dispose();

    [Benchmark(Description = "nvdra DeviceHolderScanner")]
    public int Nvdra() => _scanner!.FindHolders(_farm!.Target).Count;

    [Benchmark(Baseline = true, Description = "fuser <path>")]
    public int Fuser() => Run("fuser", _farm!.Target);

    [Benchmark(Description = "NVIDIA guide shell loop")]
    public int GuideLoop() => Run(
        "/bin/bash",
        "-c",
        $"for f in /proc/[0-9]*/fd/*; do t=$(readlink \"$f\" 2>/dev/null) || continue; case \"$t\" in {_farm!.Target}) echo \"PID $(echo \"$f\" | cut -d/ -f3) holds $t\";; esac; done");

    private static int Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        process.WaitForExit();
        _ = error.GetAwaiter().GetResult();
        return lines;
    }
}
