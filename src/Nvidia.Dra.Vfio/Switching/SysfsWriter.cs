using System.IO.Abstractions;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Each sysfs write runs on a dedicated (reused) thread, never the caller's or the thread pool's. The kernel call has
/// no timeout (unbind blocks while the driver's remove waits), so the caller waits on a deadline and its token
/// instead; the writing thread keeps the device's in-flight marker until the kernel returns.
/// </summary>
internal sealed class SysfsWriter(IFileSystem fileSystem, HostPaths paths, TimeProvider time, ILogger logger)
{
    public async Task WriteAsync(InFlightRegistry.Lease lease, VfioStep step, string path, string value, CancellationToken cancellationToken)
    {
        if (!paths.IsWritable(path))
        {
            throw new InvalidOperationException($"Refusing to write outside the sysfs and proc roots: {path}");
        }

        var detail = $"write '{value.TrimEnd('\n')}' to {path}";
        logger.SwitchStep(lease.Device, step, detail);
        // Completed on the writing thread, which runs the switch's next step at once (see SysfsWriteThreads).
        var completion = new TaskCompletionSource();
        lease.AddReference($"{step}: {detail}");
        SysfsWriteThreads.Run(() =>
        {
            Exception? error = null;
            try
            {
                fileSystem.File.WriteAllText(path, value);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                // Drop the write's reference before the caller resumes: completing first let a switch finish and
                // the next one start while this thread still marked the device (seen under QEMU on a busy host).
                lease.Release();
            }

            if (error is null)
            {
                completion.TrySetResult();
            }
            else
            {
                completion.TrySetException(error);
            }
        });

        var timeout = paths.Options.SysfsWriteTimeout;
        try
        {
            await completion.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.WriteTimedOut(lease.Device, step, path, timeout.TotalSeconds);
            VfioMetrics.WriteTimeouts.Add(1);
            VfioMetrics.StuckWrites.Add(1);
            _ = completion.Task.ContinueWith(
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
    }
}
