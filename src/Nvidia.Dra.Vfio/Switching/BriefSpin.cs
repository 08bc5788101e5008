using System.Diagnostics;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// A bounded busy wait for a hand-off between two threads that usually completes within microseconds. Sleeping and
/// being woken costs more than that: on a virtual machine a CPU that goes idle is handed back to the host and returns
/// with cold caches. The wait never yields, so it is kept short, and it is skipped on a single CPU, where the other
/// thread cannot run while this one spins.
/// </summary>
internal static class BriefSpin
{
    /// <summary>Converts a duration to <see cref="Stopwatch"/> ticks.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The ticks.</returns>
    public static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Spins until <paramref name="done"/> holds or <paramref name="ticks"/> have passed.</summary>
    /// <param name="done">The condition, read without a lock.</param>
    /// <param name="ticks">The bound, in <see cref="Stopwatch"/> ticks.</param>
    /// <returns>Whether the condition held in time.</returns>
    public static bool Until(Func<bool> done, long ticks)
    {
        if (Environment.ProcessorCount == 1)
        {
            return done();
        }

        var until = Stopwatch.GetTimestamp() + ticks;
        while (!done())
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                return false;
            }

            Thread.SpinWait(20);
        }

        return true;
    }
}
