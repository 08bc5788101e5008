using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Nvidia.Dra.Core.Locking;

/// <summary>
/// Per-GPU locks, one per IOMMU group (a GPU and the companions switched with it share one): a claim holds the locks
/// of its own groups for its whole prepare or unprepare — holder wait and sysfs writes included — so claims on
/// disjoint GPUs run concurrently and a claim waits only for the GPUs it needs. Each lock is an OS lock on
/// <c>&lt;plugin data dir&gt;/gpu-locks/&lt;key&gt;.lock</c> (<see cref="FileShare.None"/> takes <c>flock(LOCK_EX)</c>),
/// so a second plugin instance is excluded too and the kernel releases it when a process dies; inside one process
/// a semaphore per key queues callers first, so they wait without polling. Keys are taken in order, so two claims
/// never deadlock, and never while the node lock is held.
/// </summary>
internal sealed class GpuLocks
{
    /// <summary>The directory of the lock files, under the plugin data directory.</summary>
    public const string DirectoryName = "gpu-locks";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    private readonly string directory;
    private readonly TimeProvider time;

    public GpuLocks(string pluginDataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDataDirectory);
        directory = Path.Join(pluginDataDirectory, DirectoryName);
        this.time = time;
    }

    /// <summary>Gets the lock key of a GPU: its IOMMU group, or its address when it has none.</summary>
    /// <param name="iommuGroup">The group.</param>
    /// <param name="pciAddress">The GPU's address.</param>
    /// <returns>The key, a safe file name.</returns>
    public static string KeyOf(int? iommuGroup, string pciAddress) =>
        iommuGroup is { } group ? "group-" + group.ToString(CultureInfo.InvariantCulture) : "pci-" + pciAddress.Replace(':', '-');

    /// <summary>Takes every key's lock, in order, waiting as long as <paramref name="cancellationToken"/> allows.</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Ends the wait (the call's deadline).</param>
    /// <returns>The held locks; dispose to release them all.</returns>
    /// <exception cref="OperationCanceledException">The deadline passed while another claim held one.</exception>
    public async Task<IDisposable> AcquireAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var held = new Held();
        try
        {
            foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                held.Add(await AcquireOneAsync(key, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false)
                         ?? throw new InvalidOperationException("an unbounded wait cannot time out"));
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Takes every key's lock if that is possible within <paramref name="timeout"/>.</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="timeout">The longest wait for each.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The held locks, or <see langword="null"/> when one stayed held (by another claim or process).</returns>
    public async Task<IDisposable?> TryAcquireAsync(IEnumerable<string> keys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var held = new Held();
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (await AcquireOneAsync(key, timeout, cancellationToken).ConfigureAwait(false) is not { } one)
            {
                held.Dispose();
                return null;
            }

            held.Add(one);
        }

        return held;
    }

    private async Task<IDisposable?> AcquireOneAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            var path = Path.Join(directory, key + ".lock");
            while (true)
            {
                try
                {
                    return new One(PluginDataFiles.OpenExclusive(path, FileMode.OpenOrCreate, FileAccess.ReadWrite), gate);
                }
                catch (IOException) when (timeout == Timeout.InfiniteTimeSpan || time.GetElapsedTime(started) < timeout)
                {
                    // Held by another plugin instance: poll until it lets go or the deadline passes.
                }
                catch (IOException)
                {
                    gate.Release();
                    return null;
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

    private sealed class One(SafeFileHandle handle, SemaphoreSlim gate) : IDisposable
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

    private sealed class Held : IDisposable
    {
        private readonly List<IDisposable> locks = [];

        public void Add(IDisposable one) => locks.Add(one);

        public void Dispose()
        {
            for (var i = locks.Count - 1; i >= 0; i--)
            {
                locks[i].Dispose();
            }

            locks.Clear();
        }
    }
}
