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
        error.RolledBack.Should().BeTrue();
        error.IsTransient.Should().BeTrue();
        node.DriverOf(Gpu).Should().Be("nvidia");
        node.Node.Nvml.IsPersistenceOn(Gpu).Should().BeTrue();
        node.CdiFiles().Should().BeEmpty();
    }
}
