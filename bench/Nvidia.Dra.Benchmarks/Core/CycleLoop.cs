using System.Globalization;
using System.Runtime.Versioning;

namespace Nvidia.Dra.Benchmarks.Core;

/// <summary>
/// Runs the prepare cycle (or its bare operations) a given number of times and nothing else, so a tracer can count
/// what one cycle costs in system calls independent of the machine's load: run it under <c>strace -f -c</c> with two
/// counts and divide the difference by the difference of the counts (start-up cancels out).
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
            for (var i = 0; i < count; i++)
            {
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
        }
        finally
        {
            benchmark.Cleanup();
        }

        return true;
    }
}
