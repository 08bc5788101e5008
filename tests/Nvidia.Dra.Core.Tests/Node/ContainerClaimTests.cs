using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// Container claims as an extension point: a passthrough-only node publishes vfio views only and answers a gpu claim
/// with the remedy; with a registered preparer it publishes both views, routes container claims to it, and keeps a
/// GPU's two views exclusive in both exclusion modes.
/// </summary>
public sealed class ContainerClaimTests
{
    private const string Gpu = "0000:1b:00.0";
    private const string VmUid = "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5b";
    private const string PodUid = "5a1f0c2e-9d8b-4c7a-8e6f-1b2c3d4e5f60";

    [Fact]
    public async Task DefaultNode_PublishesVfioViewsOnly_AndTheGpuClassWithoutExtendedResource()
    {
        using var node = new NodeHarness(SimulatedTopologies.SxmH200());
        await node.Service.StartAsync();

        var publication = node.Service.GetResourceSlices();

        publication.Devices.Should().ContainSingle().Which.Kind.Should().Be(DeviceKind.Vfio);
        publication.Slices.Should().OnlyContain(s => s.Spec.SharedCounters == null, "one view per GPU needs no counters");
        publication.Slices.SelectMany(s => s.Spec.Devices ?? []).Should().OnlyContain(d => d.ConsumesCounters == null);
        var classes = node.Service.GetDeviceClasses();
        classes.Select(c => c.Metadata.Name).Should().Equal("gpu.nvidia.com", "mig.nvidia.com", "vfio.gpu.nvidia.com");
        classes.Should().OnlyContain(c => c.Spec.ExtendedResourceName == null);
    }

    [Fact]
    public async Task DefaultNode_GpuClaim_GetsAPerClaimErrorNamingTheRemedy_AndTheVfioClaimBesideItSucceeds()
    {
        using var node = new NodeHarness(SimulatedTopologies.SxmH200());

        var results = await node.Service.PrepareResourceClaimsAsync(
            [ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu)), ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Gpu))]);

        results[0].Error.Should().BeOfType<ClaimConfigException>().Which.Message.Should()
            .Contain("passthrough-only").And.Contain("vfio.gpu.nvidia.com").And.Contain("AddContainerClaimPreparer").And.Contain(ClaimFactory.GpuDevice(Gpu));
        results[1].Error.Should().BeNull();
        node.DriverOf(Gpu).Should().Be("vfio-pci");
    }

    [Fact]
    public async Task WithPreparer_BothViewsAndExtendedResourcePublished_AndContainerClaimsGoToThePreparer()
    {
        var preparer = new RecordingContainerPreparer();
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b => b.Services.AddSingleton<IContainerClaimPreparer>(preparer));
        await node.Service.StartAsync();

        var publication = node.Service.GetResourceSlices();
        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        var released = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("apps", "pod1-gpu", PodUid)]);

        publication.Devices.Select(d => d.Kind).Should().Equal(DeviceKind.Gpu, DeviceKind.Vfio);
        publication.Slices.Should().Contain(s => s.Spec.SharedCounters != null, "both views share the GPU's counter");
        node.Service.GetDeviceClasses()[0].Spec.ExtendedResourceName.Should().Be("nvidia.com/gpu");
        results[0].Error.Should().BeNull();
        results[0].Devices.Should().ContainSingle().Which.DeviceName.Should().Be(ClaimFactory.GpuDevice(Gpu));
        preparer.Prepared.Should().ContainSingle().Which.PciAddresses.Should().Equal(Gpu);
        node.DriverOf(Gpu).Should().Be("nvidia", "Core never switches a GPU for a container claim");
        released[0].Error.Should().BeNull();
        preparer.Unprepared.Should().ContainSingle().Which.Uid.Should().Be(PodUid);
    }

    [Theory]
    [InlineData(SliceExclusion.SharedCounters)]
    [InlineData(SliceExclusion.NodeSide)]
    public async Task WithPreparer_BothViewsOfOneGpu_TheSecondIsRefusedOnTheNode(SliceExclusion exclusion)
    {
        var preparer = new RecordingContainerPreparer();
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b => b.Services.AddSingleton<IContainerClaimPreparer>(preparer));
        await node.Service.StartAsync();
        node.Service.GetResourceSlices(exclusion);

        var first = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        var second = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Gpu))]);

        first[0].Error.Should().BeNull();
        // Scheduler-enforced mode: the vfio view is still published, so the node guard names the holder; node-side
        // mode: the view was withdrawn, so the claim names a device the pool no longer has. Either way nothing moves.
        second[0].Error.Should().NotBeNull();
        if (exclusion == SliceExclusion.SharedCounters)
        {
            second[0].Error.Should().BeOfType<ClaimPreparationException>().Which.Message.Should().Contain("held by a container claim");
        }

        node.DriverOf(Gpu).Should().Be("nvidia");
    }

    [Fact]
    public async Task WithPreparer_VfioClaimFirst_ThenTheGpuViewIsRefused()
    {
        var preparer = new RecordingContainerPreparer();
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b => b.Services.AddSingleton<IContainerClaimPreparer>(preparer));
        node.Service.GetResourceSlices();

        var first = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(VmUid, ClaimFactory.VfioDevice(Gpu))]);
        var second = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);

        first[0].Error.Should().BeNull();
        second[0].Error.Should().NotBeNull();
        preparer.Prepared.Should().BeEmpty("the preparer is never asked for a GPU a vfio claim holds");
    }

    [Fact]
    public async Task NodeSide_PrepareWithdrawsTheSiblingView_AndUnprepareGivesItBack()
    {
        var preparer = new RecordingContainerPreparer();
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b => b.Services.AddSingleton<IContainerClaimPreparer>(preparer));
        await node.Service.StartAsync();
        var before = node.Service.GetResourceSlices(SliceExclusion.NodeSide);

        await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Container(PodUid, ClaimFactory.GpuDevice(Gpu))]);
        var whileHeld = node.Service.GetResourceSlices();
        await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("apps", "pod1-gpu", PodUid)]);
        var after = node.Service.GetResourceSlices();

        before.Devices.Select(d => d.Name).Should().Equal(ClaimFactory.GpuDevice(Gpu), ClaimFactory.VfioDevice(Gpu));
        before.Slices.Should().OnlyContain(s => s.Spec.SharedCounters == null, "node-side exclusion publishes no counters");
        whileHeld.Devices.Select(d => d.Name).Should().Equal(ClaimFactory.GpuDevice(Gpu));
        whileHeld.Generation.Should().BeGreaterThan(before.Generation);
        after.Devices.Select(d => d.Name).Should().Equal(ClaimFactory.GpuDevice(Gpu), ClaimFactory.VfioDevice(Gpu));
    }
}
