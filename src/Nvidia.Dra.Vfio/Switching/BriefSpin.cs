using System.Diagnostics;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// A bounded busy wait for a hand-off between two threads that usually completes within microseconds. Sleeping and
/// being woken costs more than that: on a virtual machine a CPU that goes idle is handed back to the host and returns
/// with cold caches. After a few spins the wait yields its CPU at every turn, so when the CPUs are oversubscribed the
/// thread it waits for gets one (a wait that never yielded made a cycle 2–3× slower on a loaded machine); it is
/// skipped on a single CPU.
/// </summary>
internal static class BriefSpin
{
    /// <summary>Converts a duration to <see cref="Stopwatch"/> ticks.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The ticks.</returns>
    public static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Spins until <paramref name="done"/> holds or <paramref name="ticks"/> have passed.</summary>
    /// <typeparam name="TState">What the condition reads (a static condition allocates nothing per wait).</typeparam>
    /// <param name="state">What the condition reads.</param>
    /// <param name="done">The condition, read without a lock.</param>
    /// <param name="ticks">The bound, in <see cref="Stopwatch"/> ticks.</param>
    /// <returns>Whether the condition held in time.</returns>
    public static bool Until<TState>(TState state, Func<TState, bool> done, long ticks)
    {
        if (Environment.ProcessorCount == 1)
        {
            return done(state);
        }

        var until = Stopwatch.GetTimestamp() + ticks;
        var spinner = default(SpinWait);
        while (!done(state))
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return true;
    }
}
