using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Nvidia.Dra.Kubelet.Tests.Slices;

/// <summary>How a publication reaches the controller's loop: every prepare and unprepare publishes, so it must be cheap.</summary>
[Collection(FirstChanceCollection.Name)]
public sealed class ResourceSliceControllerWakeTests
{
    [Fact]
    public async Task Publishing_WakesTheController_WithoutAnExceptionOnItsPath()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();
        controller.Publish(SliceHarness.Pool(4));
        await SliceHarness.ConvergeAsync(controller);
        var thrown = new ConcurrentQueue<string>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.StackTrace.Contains(nameof(ResourceSliceController), StringComparison.Ordinal))
            {
                thrown.Enqueue($"{e.Exception.GetType().Name}: {e.Exception.Message}");
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            for (var devices = 5; devices <= 9; devices++)
            {
                controller.Publish(SliceHarness.Pool(devices));
                await SliceHarness.ConvergeAsync(controller);
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        harness.Slices().Should().ContainSingle().Which["spec"]!["devices"]!.AsArray().Should().HaveCount(9);
        thrown.Should().BeEmpty("a publication wakes the waiting loop; cancelling its idle timer must not throw each time");
    }
}
