using System.IO.Abstractions;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Each sysfs write runs on a dedicated (reused) thread, never the caller's or the thread pool's. The kernel call has
/// no timeout (unbind blocks while the driver's remove waits), so the caller waits on a deadline and its token
/// instead; the writing thread keeps the device's in-flight marker until the kernel returns.
/// </summary>
/// <remarks>
/// The caller first waits for the write on its own thread for <see cref="QuickWrite"/>, then asynchronously. Most
/// writes (<c>driver_override</c>, <c>unbindLock</c>, and every write of a simulated kernel) return within
/// microseconds, and the caller then goes on where it is: no thread hand-off, no timer. A slow write (a real unbind or
/// bind, 0.1–0.5 s) costs the caller that short wait and one hand-off back, and its deadline runs as before.
/// </remarks>
internal sealed class SysfsWriter(IFileSystem fileSystem, HostPaths paths, TimeProvider time, ILogger logger)
{
    /// <summary>How long the caller waits for a write on its own thread before it waits asynchronously.</summary>
    public static readonly TimeSpan QuickWrite = TimeSpan.FromMicroseconds(300);

    private static readonly long QuickWriteTicks = BriefSpin.Ticks(QuickWrite);

    public async Task WriteAsync(InFlightRegistry.Lease lease, VfioStep step, string path, string value, CancellationToken cancellationToken)
    {
        if (!paths.IsWritable(path))
        {
            throw new InvalidOperationException($"Refusing to write outside the sysfs and proc roots: {path}");
        }

        var detail = $"write '{value.TrimEnd('\n')}' to {path}";
        logger.SwitchStep(lease.Device, step, detail);
        lease.AddReference($"{step}: {detail}");
        var write = new PendingWrite(fileSystem, path, value, lease);
        SysfsWriteThreads.Run(write);
        if (BriefSpin.Until(write.Task, static task => task.IsCompleted, QuickWriteTicks))
        {
            await write.Task.ConfigureAwait(false); // Completed: rethrows the write's failure, if any.
            return;
        }

        var timeout = paths.Options.SysfsWriteTimeout;
        try
        {
            await write.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!write.Task.IsCompleted)
        {
            // Checked again here: the write's completion reaches this wait through the thread pool, as the timer
            // does, so on a busy pool the timer can win the race for a write that has already returned.
            logger.WriteTimedOut(lease.Device, step, path, timeout.TotalSeconds);
            VfioMetrics.WriteTimeouts.Add(1);
            VfioMetrics.StuckWrites.Add(1);
            _ = write.Task.ContinueWith(
                _ =>
                {
                    VfioMetrics.StuckWrites.Add(-1);
                    logger.StuckWriteReturned(lease.Device, step, path);
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw new DriverSwitchTimeoutException(lease.Device, step, detail, timeout);
        }
        catch (TimeoutException)
        {
            await write.Task.ConfigureAwait(false); // It had returned after all: rethrows its failure, if any.
        }
    }

    /// <summary>The write and its completion, which resumes the caller on the thread pool, never the writing thread.</summary>
    private sealed class PendingWrite(IFileSystem fileSystem, string path, string value, InFlightRegistry.Lease lease)
        : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), ISysfsWrite
    {
        private Exception? _error;

        public void Write()
        {
            try
            {
                fileSystem.File.WriteAllText(path, value);
            }
            catch (Exception e)
            {
                _error = e;
            }
            finally
            {
                // Drop the write's reference before the caller resumes: completing first let a switch finish and
                // the next one start while this thread still marked the device (seen under QEMU on a busy host).
                lease.Release();
            }
        }

        public void Complete()
        {
            if (_error is null)
            {
                TrySetResult();
            }
            else
            {
                TrySetException(_error);
            }
        }
    }
}
