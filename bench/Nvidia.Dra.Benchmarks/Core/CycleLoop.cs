using System.Globalization;
using System.Runtime.Versioning;

namespace Nvidia.Dra.Benchmarks.Core;

/// <summary>
/// Runs the prepare cycle (or its bare operations) a given number of times and nothing else, so a tracer can count
/// what one cycle costs in system calls independent of the machine's load: run it under <c>strace -f -c</c> with two
/// counts and divide the difference by the difference of the counts (start-up cancels out). It also prints the CPU
/// time (all threads), wall time and managed allocation per run over the second half of the runs, after the JIT has
/// settled.
/// Run: <c>dotnet artifacts/bin/Nvidia.Dra.Benchmarks/release/Nvidia.Dra.Benchmarks.dll cycles 600 [bare|writes]</c>
/// (<c>bare</c>: the baseline, every file operation a cycle cannot avoid; <c>writes</c>: the older baseline, the
/// writes alone).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class CycleLoop
{
    /// <summary>Runs the loop when the arguments ask for it.</summary>
    /// <param name="args">The command line: <c>cycles &lt;count&gt; [bare|writes]</c>.</param>
    /// <returns>Whether the arguments asked for the loop (and it ran).</returns>
    public static bool TryRun(string[] args)
    {
        if (args is not ["cycles", var text, ..] || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        var mode = args is [_, _, var last] ? last : "cycle";
        var benchmark = new PrepareCycleBenchmarks();
        benchmark.Setup();
        try
        {
            // The second half is timed: by then the JIT has settled, so CPU time per cycle is the steady state.
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpuAtHalf = TimeSpan.Zero;
            var wallAtHalf = 0L;
            var allocatedAtHalf = 0L;
            for (var i = 0; i < count; i++)
            {
                if (i == count / 2)
                {
                    process.Refresh();
                    cpuAtHalf = process.TotalProcessorTime;
                    wallAtHalf = System.Diagnostics.Stopwatch.GetTimestamp();
                    allocatedAtHalf = GC.GetTotalAllocatedBytes(precise: true);
                }

                switch (mode)
                {
                    case "bare":
                        benchmark.Complete();
                        break;
                    case "writes":
                        benchmark.Bare();
                        break;
                    default:
                        benchmark.Cycle().GetAwaiter().GetResult();
                        break;
                }
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtHalf;
            process.Refresh();
            var timed = count - (count / 2);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{mode}: second half ({timed} runs): CPU {(process.TotalProcessorTime - cpuAtHalf).TotalMicroseconds / timed:F0} us per run (all threads), wall {System.Diagnostics.Stopwatch.GetElapsedTime(wallAtHalf).TotalMicroseconds / timed:F0} us, allocated {allocated / 1024.0 / timed:F1} KB (all threads)"));
        }
        finally
        {
            benchmark.Cleanup();
        }

        return true;
    }
}
