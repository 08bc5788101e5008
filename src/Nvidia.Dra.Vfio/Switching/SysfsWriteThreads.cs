namespace Nvidia.Dra.Vfio;

/// <summary>
/// Dedicated threads for blocking sysfs writes, kept and reused instead of one new thread per write (W4 without its
/// cost). A write never waits for a thread: when none is idle a new one starts, so a write stuck in the kernel
/// blocks only its own thread, never the next write. Threads idle for a minute exit.
/// </summary>
internal static class SysfsWriteThreads
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(1);
    private static readonly Queue<Action> Work = new();
    private static readonly object Gate = new(); // A monitor, not a Lock: the idle threads wait on it.
    private static int idle;

    /// <summary>Runs <paramref name="write"/> on a dedicated thread (it must not throw).</summary>
    /// <param name="write">The blocking write.</param>
    public static void Run(Action write)
    {
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

    private static void Loop()
    {
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
        }
    }
}
