using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Tests.Support;

namespace Nvidia.Dra.Driver.Tests.Publishing;

/// <summary>
/// The exclusion between a GPU's gpu and vfio views on every supported Kubernetes, as the driver chooses it:
/// scheduler-enforced where the API server keeps the counters, node-side where it drops them. Each test tries to
/// allocate both views of one GPU from the slices the fake API server stored; nothing but the driver publishes.
/// </summary>
public sealed class ExclusionTests
{
    private const string Gpu = "0000:5d:00.0";
    private const string Other = "0000:db:00.0";
    private const string VmUid = "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5b";
    private const string PodUid = "5a1f0c2e-9d8b-4c7a-8e6f-1b2c3d4e5f60";

    [Fact]
    public async Task ServerKeepsCounters_SchedulerRefusesTheSecondViewOfOneGpu()
    {
        await using var node = await PublishedDriver.StartAsync(apiDropsCounters: false, new RecordingContainerPreparer());
        await node.ConvergeAsync();

        var scheduler = new SchedulerView(node.Server.ResourceSlices);
        var first = scheduler.TryAllocate(ClaimFactory.GpuDevice(Gpu));
        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        await node.ConvergeAsync();
        var second = scheduler.TryAllocate(ClaimFactory.VfioDevice(Gpu));

        node.Exclusion.Should().Be(SliceExclusion.SharedCounters);
        node.Controller.Status.DroppedFields.Should().BeEmpty();
        first.Should().BeTrue();
        prepared[0].Error.Should().BeNull();
        node.StoredDevices().Should().Contain(ClaimFactory.VfioDevice(Gpu), "both views stay published; the shared counter keeps them apart");
        second.Should().BeFalse("the GPU's one counter is used by its gpu view");
        scheduler.TryAllocate(ClaimFactory.VfioDevice(Other)).Should().BeTrue("another GPU's counter is free");
    }

    [Fact]
    public async Task ServerDropsCounters_NodeSideWithdrawsTheSibling_AndGivesItBackAfterUnprepare()
    {
        await using var node = await PublishedDriver.StartAsync(apiDropsCounters: true, new RecordingContainerPreparer());
        await node.ConvergeAsync();
        var naive = new SchedulerView(node.Server.ResourceSlices);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        await node.ConvergeAsync();
        var scheduler = new SchedulerView(node.Server.ResourceSlices);
        var whileHeld = node.StoredDevices();
        var secondView = scheduler.TryAllocate(ClaimFactory.VfioDevice(Gpu));
        await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("apps", "pod1-gpu", PodUid)]);
        await node.ConvergeAsync();

        node.Exclusion.Should().Be(SliceExclusion.NodeSide, "the server dropped the counter fields");
        node.Server.ResourceSlices.Should().OnlyContain(s => s["spec"]!["sharedCounters"] == null);
        prepared[0].Error.Should().BeNull();
        naive.TryAllocate(ClaimFactory.GpuDevice(Gpu)).Should().BeTrue();
        naive.TryAllocate(ClaimFactory.VfioDevice(Gpu)).Should().BeTrue("without counters the scheduler alone would hand out both views");
        whileHeld.Should().NotContain(ClaimFactory.VfioDevice(Gpu)).And.Contain(ClaimFactory.VfioDevice(Other));
        secondView.Should().BeFalse("the sibling is withdrawn while the gpu view is prepared");
        node.StoredDevices().Should().Contain(ClaimFactory.VfioDevice(Gpu), "unprepare gives the sibling back");
    }

    [Fact]
    public async Task ServerDropsCounters_AStaleAllocationOfTheSibling_IsRefusedByTheNodeGuard()
    {
        await using var node = await PublishedDriver.StartAsync(apiDropsCounters: true, new RecordingContainerPreparer());
        await node.ConvergeAsync();

        var first = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        var stale = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Gpu))]);

        first[0].Error.Should().BeNull();
        stale[0].Error.Should().NotBeNull("allocated from a slice published before the withdrawal");
        node.Driver.Node.Host.DriverOf(Vfio.PciAddress.Parse(Gpu)).Should().Be("nvidia");
    }

    [Fact]
    public async Task ApiServerDown_PrepareAndUnprepareSucceed_AndTheSlicesConvergeWhenItReturns()
    {
        // Node-side exclusion, so each vfio prepare and unprepare changes the pool (the GPU's gpu view is withdrawn
        // and given back) while the API server cannot take it.
        await using var node = await PublishedDriver.StartAsync(apiDropsCounters: true, new RecordingContainerPreparer());
        await node.ConvergeAsync();
        node.Faults.Down = true;

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Gpu))]);
        var released = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", VmUid)]);
        var prepared2 = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Other), name: "vm2")]);
        await Task.Delay(300);
        var whileDown = node.Controller.Status;
        node.Faults.Down = false;
        await node.ConvergeAsync();

        prepared[0].Error.Should().BeNull();
        released[0].Error.Should().BeNull();
        prepared2[0].Error.Should().BeNull();
        node.Driver.Node.Host.DriverOf(Vfio.PciAddress.Parse(Other)).Should().Be("vfio-pci");
        whileDown.Converged.Should().BeFalse();
        whileDown.LastError.Should().NotBeNull();
        node.StoredDevices().Should().HaveCount(15, "two views per GPU, less the prepared GPU's gpu view")
            .And.NotContain(ClaimFactory.GpuDevice(Other))
            .And.Contain([ClaimFactory.VfioDevice(Other), ClaimFactory.GpuDevice(Gpu), ClaimFactory.VfioDevice(Gpu)]);
    }
}
