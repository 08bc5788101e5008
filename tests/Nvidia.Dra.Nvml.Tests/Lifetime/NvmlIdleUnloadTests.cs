using Microsoft.Extensions.Time.Testing;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

public sealed class NvmlIdleUnloadTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Idle_PeriodElapses_ShutsDownUnloadsAndTheNextCallStartsANewSession()
    {
        using var loggerFactory = new FakeLoggerFactory();
        var fake = FakeNvml.WithH200s(2).UnloadWhenIdle(Idle, _time, loggerFactory.Factory);
        using var client = fake.CreateClient();

        client.GetGpus().Should().HaveCount(2);
        fake.IsLoaded.Should().BeTrue();
        fake.IsInitialized.Should().BeTrue();

        _time.Advance(Idle - TimeSpan.FromMilliseconds(1));
        fake.IsLoaded.Should().BeTrue("the idle period has not elapsed yet");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        fake.IsInitialized.Should().BeFalse();
        fake.IsLoaded.Should().BeFalse();
        (fake.InitCount, fake.ShutdownCount, fake.LoadCount, fake.UnloadCount).Should().Be((1, 1, 1, 1));

        client.GetSystemInfo().DriverVersion.Should().Be(fake.DriverVersion);
        fake.IsLoaded.Should().BeTrue();
        (fake.InitCount, fake.LoadCount).Should().Be((2, 2));
        fake.CallsAfterUnload.Should().Be(0);

        var ids = loggerFactory.Collector.GetSnapshot().Select(record => record.Id.Id).ToList();
        ids.Should().ContainInOrder(NvmlEventIds.Initialized, NvmlEventIds.ShutDown, NvmlEventIds.LibraryUnloaded, NvmlEventIds.Initialized);
        loggerFactory.Collector.GetSnapshot().Single(record => record.Id.Id == NvmlEventIds.LibraryUnloaded).Message
            .Should().Contain("no NVML call for 10 s");
    }

    [Fact]
    public void Idle_CallsCloserThanThePeriod_ShareOneSession()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Idle, _time);
        using var client = fake.CreateClient();

        for (var call = 0; call < 5; call++)
        {
            client.GetGpus();
            _time.Advance(TimeSpan.FromSeconds(8));
        }

        fake.IsLoaded.Should().BeTrue("each call moved the deadline");
        fake.InitCount.Should().Be(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        fake.IsLoaded.Should().BeFalse();
        fake.ShutdownCount.Should().Be(1);
    }

    [Fact]
    public async Task Idle_CallInFlight_DelaysTheUnloadUntilItReturns()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Idle, _time);
        using var client = fake.CreateClient();
        client.GetSystemInfo(); // arms the idle timer
        using var proceed = new ManualResetEventSlim();
        var call = StartCallHeldInsideNvml(fake, client, proceed);
        _time.Advance(TimeSpan.FromMinutes(5));

        fake.IsLoaded.Should().BeTrue("a call is in flight");
        fake.ShutdownCount.Should().Be(0);

        proceed.Set();
        (await call.WaitAsync(TimeSpan.FromSeconds(30))).Should().ContainSingle();
        fake.IsLoaded.Should().BeTrue("the idle period starts when the call returns");
        _time.Advance(Idle);
        fake.IsLoaded.Should().BeFalse();
        fake.CallsAfterUnload.Should().Be(0);
    }

    [Fact]
    public void Init_Fails_LeavesNothingLoadedAndTheNextCallLoadsAgain()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Idle, _time);
        fake.FailNext("nvmlInitWithFlags", NvmlReturn.DriverNotLoaded);
        using var client = fake.CreateClient();

        client.Invoking(c => c.GetGpus()).Should().Throw<NvmlDriverUnavailableException>();

        fake.IsLoaded.Should().BeFalse();
        (fake.LoadCount, fake.UnloadCount, fake.InitCount, fake.ShutdownCount).Should().Be((1, 1, 0, 0));

        client.GetGpus().Should().ContainSingle();
        (fake.LoadCount, fake.InitCount).Should().Be((2, 1));
    }

    [Fact]
    public void Load_Fails_ThrowsLibraryNotFoundAndTheNextCallTriesAgain()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Idle, _time);
        fake.FailNextLoad();
        using var client = fake.CreateClient();

        client.Invoking(c => c.GetGpus()).Should().Throw<NvmlLibraryNotFoundException>();
        fake.IsLoaded.Should().BeFalse();
        fake.InitCount.Should().Be(0);

        client.GetGpus().Should().ContainSingle();
    }

    [Fact]
    public void Idle_ShutdownFails_LeavesTheLibraryLoadedAndLogsIt()
    {
        using var loggerFactory = new FakeLoggerFactory();
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Idle, _time, loggerFactory.Factory);
        using var client = fake.CreateClient();
        client.GetGpus();
        fake.FailNext("nvmlShutdown", NvmlReturn.Unknown);

        _time.Advance(Idle);

        fake.IsLoaded.Should().BeTrue("unloading code NVML may still run would be worse than the memory");
        loggerFactory.Collector.GetSnapshot().Select(record => record.Id.Id).Should()
            .Contain([NvmlEventIds.ShutdownFailed, NvmlEventIds.LibraryLeftLoaded]).And.NotContain(NvmlEventIds.LibraryUnloaded);
        client.GetGpus().Should().ContainSingle("the next call starts a new session");
    }

    [Fact]
    public void Idle_Infinite_KeepsTheSessionUntilDispose()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Timeout.InfiniteTimeSpan, _time);
        var client = fake.CreateClient();
        client.GetGpus();

        _time.Advance(TimeSpan.FromDays(30));
        fake.IsLoaded.Should().BeTrue();

        client.Dispose();
        fake.IsLoaded.Should().BeFalse();
        (fake.ShutdownCount, fake.UnloadCount).Should().Be((1, 1));
    }

    [Fact]
    public void Idle_Zero_UnloadsAfterEveryCall()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(TimeSpan.Zero, _time);
        using var client = fake.CreateClient();

        client.GetGpus();
        fake.IsLoaded.Should().BeFalse();
        client.GetPersistenceMode(fake.Gpus[0].PciBusId);
        fake.IsLoaded.Should().BeFalse();

        (fake.LoadCount, fake.UnloadCount, fake.InitCount, fake.ShutdownCount).Should().Be((2, 2, 2, 2));
    }

    [Fact]
    public async Task Dispose_WhileACallIsInFlight_EndsTheSessionWhenTheCallReturns()
    {
        var fake = FakeNvml.WithH200s(1).UnloadWhenIdle(Idle, _time);
        var client = fake.CreateClient();
        using var proceed = new ManualResetEventSlim();
        var call = StartCallHeldInsideNvml(fake, client, proceed);

        client.Dispose();
        fake.IsLoaded.Should().BeTrue("the call in flight still uses the library");

        proceed.Set();
        await call.WaitAsync(TimeSpan.FromSeconds(30));
        fake.IsLoaded.Should().BeFalse();
        fake.CallsAfterUnload.Should().Be(0);
        client.Invoking(c => c.GetGpus()).Should().Throw<ObjectDisposedException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public async Task Concurrent_CallsWhileSessionsEnd_NeverUseAnUnloadedLibrary(int idleSeconds)
    {
        var fake = FakeNvml.WithH200s(4).UnloadWhenIdle(TimeSpan.FromSeconds(idleSeconds), _time);
        using var client = fake.CreateClient();
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var calls = 0;
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (client.GetGpus().Count != 4)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref calls);

                // A pause between calls lets the count of calls in flight reach zero, so the idle timer can fire
                // while other callers are about to start.
                Thread.Sleep(Random.Shared.Next(2));
            }
        })).ToArray();

        // The clock moves past the idle period over and over while the callers run, so sessions end between calls
        // (and, with no idle period, after each one) and new ones start under the callers' feet.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (fake.UnloadCount < 50 && DateTime.UtcNow < deadline)
        {
            _time.Advance(TimeSpan.FromSeconds(idleSeconds + 1));
            Thread.Yield();
        }

        stop.Cancel();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));
        fake.UnloadCount.Should().BeGreaterThanOrEqualTo(50, "the test must actually end sessions while calls run");
        fake.CallsAfterUnload.Should().Be(0);
        failures.Should().Be(0);
        calls.Should().BeGreaterThan(0);
        fake.LoadCount.Should().Be(fake.UnloadCount + (fake.IsLoaded ? 1 : 0));
    }

    /// <summary>Starts <see cref="NvmlClient.GetGpus"/> on another thread and returns once it is inside NVML, where it
    /// stays until <paramref name="proceed"/> is set.</summary>
    private static Task<IReadOnlyList<NvmlGpu>> StartCallHeldInsideNvml(FakeNvml fake, NvmlClient client, ManualResetEventSlim proceed)
    {
        using var entered = new ManualResetEventSlim();
        fake.BeforeCall = function =>
        {
            if (function == "nvmlDeviceGetName")
            {
                // Only this call waits: later calls of the test pass, and never touch the disposed event.
                fake.BeforeCall = null;
                entered.Set();
                proceed.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var call = Task.Run(client.GetGpus);
        entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the call reaches NVML");
        return call;
    }
}
