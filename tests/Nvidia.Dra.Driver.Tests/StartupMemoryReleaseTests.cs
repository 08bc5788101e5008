using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Nvidia.Dra.Driver.Tests;

public sealed class StartupMemoryReleaseTests
{
    [Fact]
    public async Task Start_up_memory_is_given_back_once_the_host_has_started_and_settled()
    {
        var time = new FakeTimeProvider();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var logger = new FakeLogger<StartupMemoryRelease>();
        using var release = new StartupMemoryRelease(lifetime, time, logger);

        await release.StartAsync(CancellationToken.None);
        time.Advance(StartupMemoryRelease.Settle * 2);
        await Task.Delay(50);
        var beforeStarted = logger.Collector.Count;

        lifetime.NotifyStarted();
        await WaitUntilAsync(() => time.Advance(TimeSpan.FromSeconds(1)), () => logger.Collector.Count > 0);

        beforeStarted.Should().Be(0, "nothing is collected while the host is still starting");
        var record = logger.Collector.LatestRecord;
        record.Id.Id.Should().Be(DriverEventIds.StartupMemoryReleased);
        record.Message.Should().MatchRegex(@"^Released start-up memory: working set \d+ MiB -> \d+ MiB, managed heap \d+ MiB$");
        await release.StopAsync(CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Action step, Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            step();
            await Task.Delay(10);
        }

        done().Should().BeTrue("the collection runs a few seconds after start");
    }
}
