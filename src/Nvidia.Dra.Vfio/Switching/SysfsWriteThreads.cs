namespace Nvidia.Dra.Vfio;

/// <summary>
/// Dedicated threads for blocking sysfs writes, kept and reused instead of one new thread per write (W4 without its
/// cost). A write never waits for a thread that may be stuck: when none is idle a new one starts, so a write stuck in
/// the kernel blocks only its own thread, never the next write. Threads idle for a minute exit.
/// </summary>
/// <remarks>
/// A write completes its caller on the writing thread, so the switch's next step runs there without a hand-off. When
/// that step starts the next write of the same switch, the thread keeps it and runs it as soon as the step has
/// awaited (the call stack unwinds back to the thread's loop): one switch of five writes costs one hand-off to a
/// writing thread and one back (<see cref="LeaveAsync"/>), not ten. Only one write is kept that way; a thread that
/// already keeps one hands the next to another thread as before. The caller's deadline runs on a timer either way.
/// </remarks>
internal static class SysfsWriteThreads
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(1);
    private static readonly Queue<Action> Work = new();
    private static readonly object Gate = new(); // A monitor, not a Lock: the idle threads wait on it.
    private static int idle;

    // Set on a writing thread while it runs a write (and so the continuation the write completes inline).
    [ThreadStatic]
    private static Kept? kept;

    /// <summary>Gets a value indicating whether the current thread is a sysfs writing thread.</summary>
    public static bool OnWriterThread => kept is not null;

    /// <summary>Runs <paramref name="write"/> on a dedicated thread (it must not throw).</summary>
    /// <param name="write">The blocking write.</param>
    public static void Run(Action write)
    {
        if (kept is { Next: null } own)
        {
            // Called from a continuation this thread runs inline after its own write: it runs this one next.
            own.Next = write;
            return;
        }

        lock (Gate)
        {
            Work.Enqueue(write);
            if (idle > 0)
            {
                idle--;
                Monitor.Pulse(Gate);
                return;
            }
        }

        new Thread(Loop) { IsBackground = true, Name = "nvdra sysfs write" }.Start();
    }

    /// <summary>
    /// Moves the caller off a writing thread onto the thread pool (nothing when it is not on one): code outside the
    /// switch never runs on a writing thread, where it would delay the write that thread keeps.
    /// </summary>
    /// <returns>The awaitable.</returns>
    public static async ValueTask LeaveAsync()
    {
        if (OnWriterThread)
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
    }

    private static void Loop()
    {
        var own = new Kept();
        kept = own;
        while (true)
        {
            Action write;
            lock (Gate)
            {
                while (Work.Count == 0)
                {
                    idle++;
                    if (!Monitor.Wait(Gate, IdleLifetime) && Work.Count == 0)
                    {
                        // Nobody needed this thread for a minute. (A producer that counted it as idle either queued
                        // work it will find, or another thread took that work first; both leave no write waiting.)
                        idle = Math.Max(0, idle - 1);
                        return;
                    }
                }

                write = Work.Dequeue();
            }

            write();
            while (own.Next is { } next)
            {
                own.Next = null;
                next();
            }
        }
    }

    /// <summary>The one write a thread keeps for itself.</summary>
    private sealed class Kept
    {
        public Action? Next { get; set; }
    }
}
