using System.Diagnostics;
using System.Diagnostics.Metrics;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Child processes whose outcome the tests assert: each prints <c>check &lt;name&gt;: ok|FAIL &lt;detail&gt;</c> lines
/// and <c>result ...</c> facts, and exits 0 only when every check held.
/// </summary>
internal static class ReleaseModes
{
    private static int _failures;

    /// <summary>One restore of a recorded switch; prints how it ended (run under unshare: holders are invisible).</summary>
    public static async Task<int> RestoreOnceAsync(string recordFile)
    {
        var record = DriverSwitchRecord.FromJson(await File.ReadAllTextAsync(recordFile).ConfigureAwait(false));
        try
        {
            await GuestKernel.Switch().RestoreAsync(record).ConfigureAwait(false);
            Console.WriteLine("result restored");
        }
        catch (VfioException e)
        {
            var errno = e.InnerException is IOException io ? io.HResult : 0;
            Console.WriteLine($"result {e.GetType().Name} step={e.Step} errno={errno} message={e.Message}");
        }

        return 0;
    }

    /// <summary>
    /// The hung unbind, seen from a releasing process that cannot see the holder (no host PID namespace): the restore
    /// must return within its deadline with a typed error, the stuck write must show (metric, in-flight marker), a
    /// second attempt must fail fast, and once the holder is gone (the parent kills it when <c>&lt;signal&gt;.stuck</c>
    /// appears) the write completes and a retry converges.
    /// </summary>
    public static async Task<int> HungReleaseAsync(string recordFile, string signal)
    {
        var record = DriverSwitchRecord.FromJson(await File.ReadAllTextAsync(recordFile).ConfigureAwait(false));
        var device = record.Gpu;
        long stuck = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == VfioMetrics.MeterName && instrument.Name == "nvidia_dra.vfio.sysfs_write.stuck")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref stuck, value));
        listener.Start();

        var deadline = TimeSpan.FromSeconds(3);
        using var clock = new StepClock();
        var release = GuestKernel.Switch(deadline, loggerFactory: clock);
        Check("holders invisible", Process.GetProcesses().Length < 5, $"{Process.GetProcesses().Length} processes visible");

        // Warm the read paths first (JIT under TCG takes seconds), so the timing below is the write's deadline.
        _ = GuestKernel.Discovery().GetFunction(device);
        _ = new DeviceHolderScanner(GuestKernel.Options()).FindHolders(["/dev/vfio/vfio", "anon_inode:[vfio-device]"]);

        var watch = Stopwatch.StartNew();
        Exception? first = null;
        try
        {
            await release.RestoreAsync(record).ConfigureAwait(false);
        }
        catch (VfioException e)
        {
            first = e;
        }

        var took = watch.Elapsed;
        var unbindTook = clock.SinceUnbind;
        Console.WriteLine($"result first attempt: {first?.GetType().Name} after {took.TotalSeconds:0.00} s, {unbindTook.TotalSeconds:0.00} s after the unbind write started: {first?.Message}");
        Check("typed timeout", first is DriverSwitchFailedException { Step: VfioStep.Unbind, InnerException: DriverSwitchTimeoutException }, first?.ToString() ?? "no error");
        // Timed from the unbind write's start. The slack is for TCG on a shared 2-core host, where timer wake-ups in
        // the guest came up to ~6 s late; the stuck metric below proves it returned while the kernel still blocks.
        Check("returns within its deadline", unbindTook < deadline + TimeSpan.FromSeconds(10), $"{unbindTook.TotalSeconds:0.00} s");
        Check("stuck write metric", Interlocked.Read(ref stuck) == 1, $"stuck={Interlocked.Read(ref stuck)}");
        Check("driver link already gone", GuestKernel.Driver(device) is null, GuestKernel.Driver(device) ?? "none");

        // 6.1 blocks this read on the device lock until the unbind completes; 6.12 answers at once.
        var overrideRead = new Thread(() => _ = GuestKernel.Override(device)) { IsBackground = true };
        overrideRead.Start();
        var readReturned = overrideRead.Join(TimeSpan.FromSeconds(2));
        Console.WriteLine($"result driver_override read while stuck: {(readReturned ? "returned" : "blocked")}");

        watch.Restart();
        Exception? second = null;
        try
        {
            await release.RestoreAsync(record).ConfigureAwait(false);
        }
        catch (VfioException e)
        {
            second = e;
        }

        Console.WriteLine($"result second attempt: {second?.GetType().Name} after {watch.Elapsed.TotalMilliseconds:0} ms");
        // Fast means: refused up front, not another write that waits out its deadline (TCG makes anything take ~0.5 s).
        Check("second attempt fails fast", second is DriverSwitchInFlightException && watch.Elapsed < deadline, second?.ToString() ?? "no error");

        await File.WriteAllTextAsync(signal + ".stuck", "stuck\n").ConfigureAwait(false);
        var completed = GuestKernel.WaitFor(() => Interlocked.Read(ref stuck) == 0, TimeSpan.FromSeconds(60));
        Check("the write completes once the holder exits", completed, $"stuck={Interlocked.Read(ref stuck)}");
        Check("override read returned too", overrideRead.Join(TimeSpan.FromSeconds(10)), "still blocked");

        try
        {
            await release.RestoreAsync(record).ConfigureAwait(false);
            var restored = record.Functions.Single(f => f.Address == device);
            Check("converges", GuestKernel.Driver(device) == restored.Driver, GuestKernel.Driver(device) ?? "no driver");
        }
        catch (VfioException e)
        {
            Check("converges", false, e.ToString());
        }

        return _failures == 0 ? 0 : 1;
    }

    /// <summary>Records the prior state durably, then switches and is killed right after the unbind returned.</summary>
    public static async Task<int> CrashSwitchAsync(string address, string recordFile)
    {
        var plan = GuestKernel.Planner().PlanFunction(PciAddress.Parse(address));
        await using (var stream = new FileStream(recordFile, FileMode.Create, FileAccess.Write))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(plan.PriorState.ToJson()).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        await GuestKernel.Switch(fileSystem: new KillAfterUnbindFileSystem()).SwitchToVfioAsync(plan).ConfigureAwait(false);
        Console.WriteLine("result the switch completed: the kill point was never reached");
        return 1;
    }

    private static void Check(string name, bool ok, string detail)
    {
        Console.WriteLine(ok ? $"check {name}: ok" : $"check {name}: FAIL {detail}");
        if (!ok)
        {
            _failures++;
        }
    }
}
