using Microsoft.Win32.SafeHandles;

namespace Nvidia.Dra.Core.Locking;

/// <summary>
/// The node-wide prepare/unprepare lock: an exclusive OS lock on <c>&lt;plugin data dir&gt;/pu.lock</c>
/// (<see cref="FileShare.None"/> takes <c>flock(LOCK_EX)</c> on Linux), so two plugin instances (a rolling
/// upgrade) or two processes never interleave; the kernel releases it if the process dies. Inside one process a
/// semaphore queues callers first, so they wait without polling the file.
/// </summary>
internal sealed class NodeLock
{
    /// <summary>The lock file name.</summary>
    public const string FileName = "pu.lock";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TimeProvider time;

    public NodeLock(string pluginDataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDataDirectory);
        Path = System.IO.Path.Join(pluginDataDirectory, FileName);
        this.time = time;
    }

    /// <summary>Gets the lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock, waiting at most <paramref name="timeout"/> and never past cancellation.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Ends the wait (the call's deadline).</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="NodeLockTimeoutException">Still held by someone else at the end of the wait.</exception>
    public async Task<IDisposable> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (!await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new NodeLockTimeoutException(Path, timeout);
        }

        try
        {
            while (true)
            {
                try
                {
                    return new Held(PluginDataFiles.OpenExclusive(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite), gate);
                }
                catch (IOException) when (time.GetElapsedTime(started) < timeout)
                {
                    // Held by another process: poll until the deadline.
                }
                catch (IOException)
                {
                    throw new NodeLockTimeoutException(Path, time.GetElapsedTime(started));
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Held(SafeFileHandle handle, SemaphoreSlim gate) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                handle.Dispose();
                gate.Release();
            }
        }
    }
}
