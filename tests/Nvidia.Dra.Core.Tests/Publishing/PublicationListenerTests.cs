using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Publishing;

/// <summary>
/// <see cref="IPoolPublicationListener"/>: handed every change of the pool, in order, and never able to fail the
/// prepare or unprepare that changed it.
/// </summary>
public sealed class PublicationListenerTests
{
    private const string Gpu = "0000:1b:00.0";
    private const string PodUid = "5a1f0c2e-9d8b-4c7a-8e6f-1b2c3d4e5f60";

    [Fact]
    public async Task Listeners_get_the_first_pool_at_start_then_each_change_and_a_throwing_one_fails_nothing()
    {
        var recording = new RecordingListener();
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b =>
        {
            b.Services.AddSingleton<IContainerClaimPreparer>(new RecordingContainerPreparer());
            b.Services.AddSingleton<IPoolPublicationListener>(new ThrowingListener());
            b.Services.AddSingleton<IPoolPublicationListener>(recording);
        });

        await node.Service.StartAsync();
        var atStart = recording.Pools.Count;
        var unchanged = node.Service.GetResourceSlices();
        var afterUnchangedRebuild = recording.Pools.Count;
        var nodeSide = node.Service.GetResourceSlices(SliceExclusion.NodeSide);
        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        var whilePrepared = recording.Pools[^1];
        var released = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("apps", "pod1-gpu", PodUid)]);

        atStart.Should().Be(1, "start-up builds and hands over the first pool");
        afterUnchangedRebuild.Should().Be(1, "a rebuild that changes nothing is not handed over again");
        unchanged.Exclusion.Should().Be(SliceExclusion.SharedCounters);
        nodeSide.Exclusion.Should().Be(SliceExclusion.NodeSide);
        prepared[0].Error.Should().BeNull("a throwing listener must not fail the prepare");
        released[0].Error.Should().BeNull("a throwing listener must not fail the unprepare");
        recording.Pools.Select(p => p.Generation).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        whilePrepared.Devices.Select(d => d.Name).Should().NotContain(ClaimFactory.VfioDevice(Gpu), "node-side: the held GPU's sibling is withdrawn");
        recording.Pools[^1].Devices.Select(d => d.Name).Should().Contain(ClaimFactory.VfioDevice(Gpu), "unprepare gives it back");
        recording.Pools[^1].State.Should().Be(node.Service.GetResourceSlices().State, "the last pool handed over is the current one");
    }

    private sealed class RecordingListener : IPoolPublicationListener
    {
        public List<PoolPublication> Pools { get; } = [];

        public void OnPublicationChanged(PoolPublication publication) => Pools.Add(publication);
    }

    private sealed class ThrowingListener : IPoolPublicationListener
    {
        public void OnPublicationChanged(PoolPublication publication) => throw new InvalidOperationException("listener bug");
    }
}
