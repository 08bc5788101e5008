using System.Diagnostics;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

public sealed class LockAndDeadlineTests
{
    private const string Uid = "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b";
    private const string Gpu = "0000:1b:00.0";

    [Fact]
    public async Task Prepare_NodeLockHeldByAnotherProcess_FailsTransientlyAndWritesNothing()
    {
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), configure: o => o.NodeLockTimeout = TimeSpan.FromMilliseconds(300));
        await node.Service.StartAsync();

        // Another plugin instance: an exclusive OS lock on the same file (flock through FileShare.None).
        using (new FileStream(Path.Join(node.PluginDataDirectory, "pu.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

            var error = results[0].Error.Should().BeOfType<NodeLockTimeoutException>().Subject;
            error.IsTransient.Should().BeTrue();
            error.Message.Should().Contain("pu.lock");
            node.Host.Kernel.Writes.Should().BeEmpty();
            node.CdiFiles().Should().BeEmpty();
        }

        (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]))[0].Error.Should().BeNull("the lock is free again");
    }

    [Fact]
    public async Task Prepare_RetryOfAPreparedClaim_IsAnsweredWhileAnotherProcessHoldsTheNodeLock()
    {
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), configure: o => o.NodeLockTimeout = TimeSpan.FromMilliseconds(300));
        await node.Service.StartAsync();
        var claim = ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu));
        var first = (await node.Service.PrepareResourceClaimsAsync([claim]))[0];
        first.Error.Should().BeNull();
        var writes = node.Host.Kernel.Writes.Count;

        // A plain read of the checkpoint takes no node lock: kubelet's retry is answered from the record.
        using (new FileStream(Path.Join(node.PluginDataDirectory, "pu.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var retry = (await node.Service.PrepareResourceClaimsAsync([claim]))[0];

            retry.Error.Should().BeNull();
            retry.Devices.Should().BeEquivalentTo(first.Devices);
            node.Host.Kernel.Writes.Should().HaveCount(writes, "a prepared claim is not switched again");
        }
    }

    [Fact]
    public async Task Prepare_CallerCancelsWhileWaitingForHolders_ReturnsPromptlyAndRollsBack()
    {
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), configure: o => o.HolderWaitTimeout = TimeSpan.FromSeconds(10));
        await node.Service.StartAsync();
        node.Host.AddHolder(node.Host.GpuNode(0), "dcgm-exporter", "0::/kubepods/besteffort/pod1/cri-containerd-3f2a9c.scope");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))], cancel.Token);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the holder wait honours cancellation (W2)");
        var error = results[0].Error.Should().BeOfType<ClaimPreparationException>().Subject;
        error.Step.Should().Be(ClaimStep.WaitForHolders, error.Message);
        error.IsTransient.Should().BeTrue();

        // The caller was answered at once; the rollback finishes in the background, within its own bound.
        await EventuallyAsync(() => node.DriverOf(Gpu) == "nvidia" && node.Node.Nvml.IsPersistenceOn(Gpu) && !File.ReadAllText(node.CheckpointPath).Contains(Uid, StringComparison.Ordinal));
        node.CdiFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_OneGpuHeld_ClaimsOnOtherGpusDoNotWaitForIt()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), configure: o => (o.HolderWaitTimeout, o.NodeLockTimeout) = (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2)));
        await node.Service.StartAsync();
        var holder = node.Host.AddHolder(node.Host.GpuNode(0), "nv-hostengine", "0::/system.slice/nvidia-dcgm.service");
        var held = node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:18:00.0"))]);
        var clock = Stopwatch.StartNew();

        var others = await node.Service.PrepareResourceClaimsAsync([.. new[] { "0000:2a:00.0", "0000:3a:00.0", "0000:5d:00.0" }.Select((gpu, i) => ClaimFactory.Vfio($"00000000-0000-4000-8000-00000000000{i}", ClaimFactory.VfioDevice(gpu), name: $"vm-{i}"))]);

        others.Should().OnlyContain(r => r.Error == null);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "no claim queues behind the held GPU's 15 s holder wait or the node lock");
        held.IsCompleted.Should().BeFalse("the held GPU's claim is still waiting for its holder");
        holder.Exit();
        (await held)[0].Error.Should().BeNull();
        node.DriverOf("0000:18:00.0").Should().Be("vfio-pci");
    }

    [Fact]
    public async Task Prepare_SecondClaimOnABusyGpu_WaitsForThatGpuOnlyAndThenSeesItsState()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), configure: o => (o.HolderWaitTimeout, o.NodeLockTimeout) = (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2)));
        await node.Service.StartAsync();
        var holder = node.Host.AddHolder(node.Host.GpuNode(0), "cuda-app");
        var first = node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:18:00.0"))]);
        await Task.Delay(200);
        var second = node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio("9e1c4b2a-0000-4000-8000-000000000001", ClaimFactory.VfioDevice("0000:18:00.0"), name: "other")]);
        await Task.Delay(300);

        second.IsCompleted.Should().BeFalse("the second claim waits for the GPU the first one holds");
        holder.Exit();

        (await first)[0].Error.Should().BeNull();
        (await second)[0].Error!.Message.Should().Contain("already prepared for claim").And.Contain(Uid);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the background rollback finishes within its bound");
            await Task.Delay(20);
        }
    }
}
