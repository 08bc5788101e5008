using System.Net;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Testing.FakeApiServer;

namespace Nvidia.Dra.Kubelet.Tests.Slices;

/// <summary>The ResourceSlice controller against the loopback fake API server, through the official client.</summary>
public sealed class ResourceSliceControllerTests
{
    [Fact]
    public async Task FirstPublish_CreatesIndexNamedSlicesOwnedByTheNode_CountersInTheirOwnSlice()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();

        controller.Publish(SliceHarness.Pool(4, counters: true));
        await SliceHarness.ConvergeAsync(controller);

        var slices = harness.Slices();
        slices.Should().HaveCount(2);
        slices.Select(s => s["metadata"]!["name"]!.GetValue<string>()).Should().SatisfyRespectively(
            n => n.Should().StartWith("00000-gpu.nvidia.com-node-a-").And.HaveLength("00000-gpu.nvidia.com-node-a-".Length + 5),
            n => n.Should().StartWith("00001-gpu.nvidia.com-node-a-"));
        slices[0]["spec"]!["sharedCounters"]!.AsArray().Should().HaveCount(4);
        slices[0]["spec"]!["devices"].Should().BeNull("counter sets live in their own slice (1.35+ rule)");
        slices[1]["spec"]!["devices"]!.AsArray().Should().HaveCount(4);
        foreach (var slice in slices)
        {
            slice["spec"]!["driver"]!.GetValue<string>().Should().Be(SliceHarness.Driver);
            slice["spec"]!["nodeName"]!.GetValue<string>().Should().Be(SliceHarness.Node);
            slice["spec"]!["pool"]!["generation"]!.GetValue<long>().Should().Be(1);
            slice["spec"]!["pool"]!["resourceSliceCount"]!.GetValue<long>().Should().Be(2);
            var owner = slice["metadata"]!["ownerReferences"]!.AsArray().Should().ContainSingle().Subject!;
            owner["kind"]!.GetValue<string>().Should().Be("Node");
            owner["uid"]!.GetValue<string>().Should().Be(SliceHarness.NodeUid);
            owner["controller"]!.GetValue<bool>().Should().BeTrue();
        }

        harness.Server.Requests.Should().Contain(r => r.StartsWith("GET /api/v1/nodes/node-a", StringComparison.Ordinal));
        harness.Server.Requests.Should().Contain(r => r.Contains("watch=true", StringComparison.Ordinal) && r.Contains("fieldSelector=spec.driver", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWatchEchoSeenBeforeTheWritesAnswer_DoesNotHoldConvergenceBack_ButIsCheckedAgain()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync(o => o.SyncDelay = TimeSpan.FromSeconds(30));
        harness.Faults.WriteAnswerDelay = TimeSpan.FromMilliseconds(300);
        await Task.Delay(200);

        controller.Publish(SliceHarness.Pool(4));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var converged = async () => await controller.WaitForConvergenceAsync(timeout.Token);

        await converged.Should().NotThrowAsync("the echo of our own create is no reason to wait for the 30 s re-check");
        harness.Slices().Should().ContainSingle().Which["spec"]!["devices"]!.AsArray().Should().HaveCount(4);
        harness.Writes().Should().Be(1, "the create was made once, not repeated while the watch lagged or led");
    }

    [Fact]
    public async Task Restart_WithTheSameDevices_FindsItsSlicesByIndex_AndWritesNothing()
    {
        await using var harness = await SliceHarness.StartAsync();
        var first = await harness.ControllerAsync();
        first.Publish(SliceHarness.Pool(70, counters: true));
        await SliceHarness.ConvergeAsync(first);
        await first.DisposeAsync();
        var names = harness.Slices().Select(s => s["metadata"]!["name"]!.GetValue<string>()).ToList();
        var writes = harness.Writes();

        var second = await harness.ControllerAsync();
        second.Publish(SliceHarness.Pool(70, counters: true));
        await SliceHarness.ConvergeAsync(second);

        harness.Writes().Should().Be(writes, "a restart with unchanged devices must not churn slices");
        harness.Slices().Select(s => s["metadata"]!["name"]!.GetValue<string>()).Should().Equal(names);
        second.Status.Syncs.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task DeviceAdded_ThenRemoved_UpdatesTheSliceInPlace_KeepingTheGenerationForOneSlice()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();
        controller.Publish(SliceHarness.Pool(2));
        await SliceHarness.ConvergeAsync(controller);
        var name = harness.Slices().Single()["metadata"]!["name"]!.GetValue<string>();

        controller.Publish(SliceHarness.Pool(3));
        await SliceHarness.ConvergeAsync(controller);
        var added = harness.Slices().Single();
        controller.Publish(SliceHarness.Pool(1));
        await SliceHarness.ConvergeAsync(controller);
        var removed = harness.Slices().Single();

        added["metadata"]!["name"]!.GetValue<string>().Should().Be(name);
        added["spec"]!["devices"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).Should().Equal("dev-0", "dev-1", "dev-2");
        removed["spec"]!["devices"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).Should().Equal("dev-0");
        removed["spec"]!["pool"]!["generation"]!.GetValue<long>().Should().Be(1, "a one-slice change is atomic, so the generation stays");
        harness.Server.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task MoreThan128Devices_SplitIntoSlicesOfTheApiLimits_AndShrinkingDeletesTheRest()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();

        controller.Publish(SliceHarness.Pool(300));
        await SliceHarness.ConvergeAsync(controller);
        var plain = harness.Slices().Select(s => s["spec"]!["devices"]!.AsArray().Count).ToList();
        controller.Publish(SliceHarness.Pool(130, counters: true));
        await SliceHarness.ConvergeAsync(controller);
        var withCounters = harness.Slices();
        controller.Publish(SliceHarness.Pool(10));
        await SliceHarness.ConvergeAsync(controller);

        plain.Should().Equal(128, 128, 44);
        withCounters.Should().HaveCount(17 + 3, "130 counter sets by 8, 130 consuming devices by 64");
        withCounters.Select(s => s["spec"]!["devices"]?.AsArray().Count).Where(c => c is not null).Should().Equal(64, 64, 2);
        withCounters.Should().OnlyContain(s => s["spec"]!["pool"]!["generation"]!.GetValue<long>() == 2 && s["spec"]!["pool"]!["resourceSliceCount"]!.GetValue<long>() == 20);
        var last = harness.Slices().Should().ContainSingle().Subject;
        last["spec"]!["pool"]!["generation"]!.GetValue<long>().Should().Be(3);
        last["spec"]!["devices"]!.AsArray().Should().HaveCount(10);
    }

    [Fact]
    public async Task ConflictsAnd5xx_AreRetriedWithGrowingBackoff_UntilTheSlicesConverge()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync(o => o.InitialBackoff = TimeSpan.FromMilliseconds(40));
        controller.Publish(SliceHarness.Pool(2));
        await SliceHarness.ConvergeAsync(controller);
        harness.Faults.FailNext(HttpMethod.Put, HttpStatusCode.Conflict);
        harness.Faults.FailNext(HttpMethod.Put, HttpStatusCode.ServiceUnavailable);
        harness.Faults.FailNext(HttpMethod.Put, HttpStatusCode.InternalServerError);

        controller.Publish(SliceHarness.Pool(3));
        await SliceHarness.ConvergeAsync(controller);

        var puts = harness.Faults.Seen.Where(s => s.Request.StartsWith("PUT", StringComparison.Ordinal)).ToList();
        puts.Select(p => p.Status).Should().Equal(409, 503, 500, 200);
        (puts[2].At - puts[1].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(70), "the second retry waits twice the first backoff (80 ms)");
        (puts[3].At - puts[2].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150), "the third waits 160 ms");
        controller.Status.Failures.Should().Be(3);
        controller.Status.LastError.Should().BeNull("the pool converged");
        harness.Slices().Single()["spec"]!["devices"]!.AsArray().Should().HaveCount(3);
        var failures = harness.Log.Collector.GetSnapshot().Where(r => r.Id.Id == KubeletEventIds.SlicePoolSyncFailed).ToList();
        failures.Should().HaveCount(3);
        // One line per retry, each naming its error; only the first of the streak carries the stack.
        failures.Select(r => r.Exception is not null).Should().Equal(true, false, false);
        failures.Should().AllSatisfy(r => r.Message.Should().Contain("failed (attempt").And.NotContain(Environment.NewLine));
        failures[1].Message.Should().Contain("503");
    }

    [Fact]
    public async Task WatchThatExpires_410_Relists_AndKeepsRepairingOutsideChanges()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();
        controller.Publish(SliceHarness.Pool(2));
        await SliceHarness.ConvergeAsync(controller);
        var lists = harness.Server.Requests.Count(IsList);
        var name = harness.Slices().Single()["metadata"]!["name"]!.GetValue<string>();

        // While the controller cannot reach the server its watch ends; the slice is deleted behind its back and the
        // history compacted, so resuming from its resource version answers 410 Gone.
        await DeleteBehindItsBackWithHistoryAsync(harness, name, lists);

        harness.Log.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == KubeletEventIds.SliceWatchRestarted && r.Message.Contains("410", StringComparison.Ordinal));
        harness.Slices().Single()["spec"]!["devices"]!.AsArray().Should().HaveCount(2, "the slice deleted behind the controller's back is recreated");
    }

    [Fact]
    public async Task AnEchoSeenBeforeTheCreatesAnswer_DoesNotHideALaterDeletionFromTheRelist()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();
        await Task.Delay(200);
        harness.Faults.WriteAnswerDelay = TimeSpan.FromMilliseconds(300);
        controller.Publish(SliceHarness.Pool(2));
        await SliceHarness.ConvergeAsync(controller);
        harness.Faults.WriteAnswerDelay = TimeSpan.Zero;
        var name = harness.Slices().Single()["metadata"]!["name"]!.GetValue<string>();
        var lists = harness.Server.Requests.Count(IsList);

        // The create's echo came before its answer. Now the slice goes behind the controller's back and the history
        // with it: the relist must show the slice missing, not a one-minute-old memory of our own create.
        await DeleteBehindItsBackWithHistoryAsync(harness, name, lists);

        harness.Slices().Single()["metadata"]!["name"]!.GetValue<string>().Should().NotBe(name, "a new slice was created");
    }

    [Fact]
    public async Task ServerThatDropsCounterFields_IsReportedOnce_AndDoesNotCauseAnUpdateLoop()
    {
        await using var harness = await SliceHarness.StartAsync(new FakeApiServerOptions { DropPartitionableDevicesFields = true });
        var controller = await harness.ControllerAsync();

        controller.Publish(SliceHarness.Pool(2, counters: true));
        await SliceHarness.ConvergeAsync(controller);
        var writes = harness.Writes();
        controller.Publish(SliceHarness.Pool(2, counters: true));
        await SliceHarness.ConvergeAsync(controller);
        await Task.Delay(400);

        harness.Writes().Should().Be(writes, "what the server stored is accepted for this content");
        var dropped = controller.Status.DroppedFields;
        dropped.SelectMany(d => d.Fields).Should().Contain("sharedCounters").And.Contain("devices[0].consumesCounters");
        harness.Log.Collector.GetSnapshot().Where(r => r.Id.Id == KubeletEventIds.SliceFieldsDropped).Should().ContainSingle()
            .Which.Level.Should().Be(LogLevel.Warning);
    }

    [Fact]
    public async Task ApiServerDown_PublishNeverThrows_StatusShowsIt_AndSlicesConvergeWhenItReturns()
    {
        await using var harness = await SliceHarness.StartAsync();
        harness.Faults.Down = true;
        var controller = await harness.ControllerAsync();

        controller.Publish(SliceHarness.Pool(2));
        await Eventually(() => controller.Status.LastError is not null);
        var whileDown = controller.Status;
        harness.Faults.Down = false;
        await SliceHarness.ConvergeAsync(controller);

        whileDown.Converged.Should().BeFalse();
        whileDown.LastError.Should().Contain("Connection refused");
        harness.Slices().Single()["spec"]!["devices"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task InvalidPool_IsNotWritten_AndNotRetried()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();
        var pool = SliceHarness.Pool(2, counters: true);
        var broken = pool[SliceHarness.Node] with { SharedCounters = [pool[SliceHarness.Node].SharedCounters[0]] };

        controller.Publish(new Dictionary<string, DesiredPool> { [SliceHarness.Node] = broken });
        await Eventually(() => controller.Status.LastError is not null);
        await Task.Delay(200);

        controller.Status.LastError.Should().Contain("dev-1").And.Contain("set-1").And.Contain("does not publish");
        harness.Writes().Should().Be(0);
        controller.Status.Failures.Should().Be(0, "a broken pool is not retried until the driver publishes again");
    }

    private static bool IsList(string request) =>
        request.StartsWith("GET /apis/resource.k8s.io/v1/resourceslices?", StringComparison.Ordinal) && !request.Contains("watch=true", StringComparison.Ordinal);

    private static async Task DeleteDirectlyAsync(SliceHarness harness, string name)
    {
        using var http = new HttpClient { BaseAddress = harness.Server.BaseAddress };
        (await http.DeleteAsync(new Uri($"/apis/resource.k8s.io/v1/resourceslices/{name}", UriKind.Relative))).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Takes the server away from the controller, deletes the slice and compacts the history meanwhile (so resuming
    /// the watch answers 410 Gone), gives the server back, and waits for the relist and the recreated slice.
    /// </summary>
    private static async Task DeleteBehindItsBackWithHistoryAsync(SliceHarness harness, string name, int listsBefore)
    {
        harness.Faults.Down = true;
        harness.Server.CloseWatches();
        await DeleteDirectlyAsync(harness, name);
        harness.Server.CompactResourceSlices();
        harness.Faults.Down = false;
        await Eventually(() => harness.Server.Requests.Count(IsList) > listsBefore);
        await Eventually(() => harness.Slices().Count == 1);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, "the condition should hold within 20 s");
            await Task.Delay(20);
        }
    }
}
