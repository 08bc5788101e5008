using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Publishing;

/// <summary>
/// After a claim's change only its GPUs are re-read; the pool handed over must still be the one a full rediscovery
/// builds, on a node where other GPUs are prepared and idle.
/// </summary>
public sealed class ClaimRefreshTests
{
    private const string First = "0000:18:00.0";
    private const string Second = "0000:2a:00.0";

    [Fact]
    public async Task The_pool_after_each_prepare_and_unprepare_equals_a_full_rediscovery()
    {
        var recording = new RecordingListener();
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), gates: "PassthroughSupport=true", extend: b => b.Services.AddSingleton<IPoolPublicationListener>(recording));
        await node.Service.StartAsync();
        var atStart = node.Service.GetResourceSlices();
        var states = new List<(string Step, PoolPublication Refreshed, PoolPublication Full)>();

        async Task Step(string step, Func<Task<Exception?>> action)
        {
            (await action()).Should().BeNull(step);
            states.Add((step, recording.Pools[^1], node.Service.GetResourceSlices()));
        }

        await Step("prepare first", async () => (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio("a1b2c3d4-0000-4000-8000-000000000001", ClaimFactory.VfioDevice(First), name: "vm1")]))[0].Error);
        await Step("prepare second", async () => (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio("a1b2c3d4-0000-4000-8000-000000000002", ClaimFactory.VfioDevice(Second), name: "vm2")]))[0].Error);
        await Step("unprepare first", async () => (await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1", "a1b2c3d4-0000-4000-8000-000000000001")]))[0].Error);

        node.Host.DriverOf(Vfio.PciAddress.Parse(Second)).Should().Be("vfio-pci");
        node.Host.DriverOf(Vfio.PciAddress.Parse(First)).Should().Be("nvidia");
        foreach (var (step, refreshed, full) in states)
        {
            refreshed.Devices.Select(d => d.Name).Should().Equal(full.Devices.Select(d => d.Name), step);
            refreshed.State.Should().Be(full.State, step);
        }

        // A GPU this driver switched keeps the NVML identity it was advertised with: the pool, and so the
        // ResourceSlices the API server stores, do not change with each VM's start and stop.
        states.Select(s => s.Full.State).Should().AllBeEquivalentTo(atStart.State);
    }

    [Fact]
    public async Task A_gpu_switched_to_vfio_keeps_its_nvml_identity_in_both_views()
    {
        var preparer = new RecordingContainerPreparer();
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), gates: "PassthroughSupport=true", extend: b => b.Services.AddSingleton<IContainerClaimPreparer>(preparer));
        await node.Service.StartAsync();
        var before = node.Service.GetResourceSlices();

        (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio("a1b2c3d4-0000-4000-8000-000000000004", ClaimFactory.VfioDevice(First), name: "vm")]))[0].Error.Should().BeNull();
        var prepared = node.Service.GetResourceSlices();

        node.Host.DriverOf(Vfio.PciAddress.Parse(First)).Should().Be("vfio-pci");
        prepared.Devices.Select(d => d.Name).Should().Equal(before.Devices.Select(d => d.Name), "the gpu view stays: the shared counter keeps the two views exclusive");
        prepared.Devices.Single(d => d.Name == ClaimFactory.VfioDevice(First)).Device.Attributes.Should().BeEquivalentTo(before.Devices.Single(d => d.Name == ClaimFactory.VfioDevice(First)).Device.Attributes);
        prepared.State.Should().Be(before.State);
    }

    [Fact]
    public async Task A_gpu_prepared_and_unprepared_in_turn_bumps_the_generation_each_time_the_pool_changes()
    {
        // Node-side exclusion withdraws a prepared GPU's gpu view, so the pool alternates between two contents. The
        // second and later rounds reuse the pools built in the first (the same inputs): each must still carry the
        // next generation, in the publication and in every slice, never the one it was first built with.
        var recording = new RecordingListener();
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), gates: "PassthroughSupport=true", extend: b =>
        {
            b.Services.AddSingleton<IPoolPublicationListener>(recording);
            b.Services.AddSingleton<IContainerClaimPreparer>(new RecordingContainerPreparer());
        });
        await node.Service.StartAsync();
        node.Service.GetResourceSlices(SliceExclusion.NodeSide);
        const string uid = "a1b2c3d4-0000-4000-8000-000000000003";
        for (var round = 0; round < 3; round++)
        {
            (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(uid, ClaimFactory.VfioDevice(First), name: "vm")]))[0].Error.Should().BeNull();
            (await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm", uid)]))[0].Error.Should().BeNull();
        }

        var pools = recording.Pools.SkipWhile(p => p.Exclusion != SliceExclusion.NodeSide).ToList();
        pools.Should().HaveCount(7, "the node-side pool, then one change per prepare and per unprepare");
        pools.Select(p => p.Generation - pools[0].Generation).Should().Equal(0, 1, 2, 3, 4, 5, 6);
        pools.Should().OnlyContain(p => p.Slices.All(s => s.Spec.Pool.Generation == p.Generation));
        pools.Select(p => p.Fingerprint).Distinct().Should().HaveCount(2, "the pool alternates between two contents");
        node.Service.GetResourceSlices().State.Should().Be(pools[^1].State, "a full rediscovery agrees");
    }

    private sealed class RecordingListener : IPoolPublicationListener
    {
        public List<PoolPublication> Pools { get; } = [];

        public void OnPublicationChanged(PoolPublication publication) => Pools.Add(publication);
    }
}
