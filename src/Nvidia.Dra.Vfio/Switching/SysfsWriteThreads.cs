namespace Nvidia.Dra.Vfio;

/// <summary>
/// Dedicated threads for blocking sysfs writes, kept and reused instead of one new thread per write (W4 without its
/// cost). A write never waits for a thread that may be stuck: it goes to a thread that is idle, or to a new one, so a
/// write stuck in the kernel blocks only its own thread, never the next write. Threads idle for a minute exit.
/// </summary>
/// <remarks>
/// A thread that has just finished a write stays awake for <see cref="AwakeAfterWrite"/> before it sleeps: the writes
/// of one switch come a few reads apart, so the next one usually finds it awake and starts without a wake-up. Waking a
/// sleeping thread, and the caller's thread going to sleep in turn, is what made a hand-off expensive: on a virtual
/// machine an idle CPU is given back to the host and comes back with cold caches.
/// </remarks>
internal static class SysfsWriteThreads
{
    /// <summary>How long a thread stays awake for the next write after one.</summary>
    public static readonly TimeSpan AwakeAfterWrite = TimeSpan.FromMicroseconds(60);

    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(1);
    private static readonly long AwakeTicks = BriefSpin.Ticks(AwakeAfterWrite);
    private static readonly Lock Gate = new();

    // Threads that run no write, most recently active last: the next write takes the one most likely still awake.
    private static readonly List<Writer> Idle = [];

    /// <summary>Runs <paramref name="write"/> on a dedicated thread.</summary>
    /// <param name="write">The blocking write.</param>
    public static void Run(ISysfsWrite write)
    {
        Writer? writer = null;
        var wake = false;
        lock (Gate)
        {
            if (Idle.Count > 0)
            {
                writer = Idle[^1];
                Idle.RemoveAt(Idle.Count - 1);
                writer.Next = write;
                wake = writer.Asleep;
            }
        }

        if (writer is null)
        {
            var thread = new Writer { Next = write };
            new Thread(thread.Loop) { IsBackground = true, Name = "nvdra sysfs write" }.Start();
        }
        else if (wake)
        {
            writer.Signal.Release();
        }
    }

    /// <summary>One writing thread and the write handed to it.</summary>
    private sealed class Writer
    {
        // Set under the gate by the one caller that took this thread off the idle list; read by the thread.
        private ISysfsWrite? _next;

        public ISysfsWrite? Next
        {
            get => Volatile.Read(ref _next);
            set => Volatile.Write(ref _next, value);
        }

        // Under the gate: whether the thread waits on Signal (so a hand-off must release it).
        public bool Asleep { get; private set; }

        public SemaphoreSlim Signal { get; } = new(0);

        public void Loop()
        {
            for (var write = Next; write is not null; write = AwaitHandOff())
            {
                Next = null;
                write.Write();

                // Free for the next write before the caller learns this one is done: the caller's next write, a few
                // microseconds later, then finds this thread awake instead of starting another.
                lock (Gate)
                {
                    Idle.Add(this);
                }

                write.Complete();
            }
        }

        private ISysfsWrite? AwaitHandOff()
        {
            // Awake for a moment: a hand-off in this window costs the caller no wake-up.
            if (BriefSpin.Until(this, static writer => writer.Next is not null, AwakeTicks))
            {
                return Next;
            }

            lock (Gate)
            {
                if (Next is { } handed)
                {
                    return handed;
                }

                Asleep = true;
            }

            while (true)
            {
                var signalled = Signal.Wait(IdleLifetime);
                lock (Gate)
                {
                    if (Next is { } woken)
                    {
                        Asleep = false;
                        return woken;
                    }

                    // A release left over from a hand-off taken before the wait wakes the thread for nothing.
                    if (!signalled && Idle.Remove(this))
                    {
                        // Nobody needed this thread for a minute, and nobody can hand it a write now.
                        return null;
                    }
                }
            }
        }
    }
}
