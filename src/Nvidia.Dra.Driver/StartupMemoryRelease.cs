using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Driver;

/// <summary>
/// Gives start-up's memory back once the driver is up. Start-up allocates most of what the process ever allocates
/// (discovery, NVML, the first publication, the API client's first list and watch); after it the driver mostly waits
/// for kubelet, so on an idle node no collection may run for hours and that garbage stays resident. One compacting,
/// decommitting collection shortly after start returns it to the node.
/// </summary>
internal sealed partial class StartupMemoryRelease(IHostApplicationLifetime lifetime, TimeProvider time, ILogger<StartupMemoryRelease> logger) : BackgroundService
{
    /// <summary>How long after the host started: the slice controller's first list and write are done by then on a healthy cluster.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task.ConfigureAwait(false);
        }

        await Task.Delay(Settle, time, stoppingToken).ConfigureAwait(false);
        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Released(before >> 20, Environment.WorkingSet >> 20, GC.GetGCMemoryInfo().HeapSizeBytes >> 20);
    }

    [LoggerMessage(EventId = DriverEventIds.StartupMemoryReleased, Level = LogLevel.Information,
        Message = "Released start-up memory: working set {BeforeMiB} MiB -> {AfterMiB} MiB, managed heap {HeapMiB} MiB")]
    private partial void Released(long beforeMiB, long afterMiB, long heapMiB);
}
