using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// End-to-end prepare and unprepare on every topology the simulated host offers; every test that switches also runs
/// on a kernel without the VFIO device cdev (<c>vfio-dev/vfioN</c> without <c>dev</c>, as Debian 12's 6.1 and 6.12).
/// </summary>
public sealed class TopologyTests
{
    private const string Uid = "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5b";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrepareUnprepare_SxmH200_MovesOnlyTheGpuAndLeavesTheRootPort(bool withoutCdev)
    {
        using var node = new NodeHarness(On(SimulatedTopologies.SxmH200(), withoutCdev));

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"))]);

        prepared[0].Error.Should().BeNull();
        node.DriverOf("0000:1b:00.0").Should().Be("vfio-pci");
        node.DriverOf("0000:1a:00.0").Should().Be("pcieport");
        Golden.Match("cdi-claim-sxm-h200.yaml", File.ReadAllText(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml")));
        await AssertUnpreparedAsync(node, ("0000:1b:00.0", "nvidia"), ("0000:1a:00.0", "pcieport"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrepareUnprepare_WorkstationWithAudio_MovesAndRestoresTheAudioCompanion(bool withoutCdev)
    {
        using var node = new NodeHarness(On(SimulatedTopologies.WorkstationWithAudio(), withoutCdev));

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:01:00.0"))]);

        prepared[0].Error.Should().BeNull();
        node.DriverOf("0000:01:00.0").Should().Be("vfio-pci");
        node.DriverOf("0000:01:00.1").Should().Be("vfio-pci", "the whole IOMMU group moves (W9)");
        File.ReadAllText(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml")).Should().Contain("/dev/vfio/12");
        await AssertUnpreparedAsync(node, ("0000:01:00.0", "nvidia"), ("0000:01:00.1", "snd_hda_intel"));
    }

    [Fact]
    public async Task Prepare_GroupSharedWithNic_IsRefusedNamingTheNicAndWritesNothing()
    {
        using var node = new NodeHarness(SimulatedTopologies.GroupSharedWithNic());

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:41:00.0"))]);

        var error = prepared[0].Error.Should().BeOfType<ClaimPreparationException>().Subject;
        error.Step.Should().Be(ClaimStep.Validate);
        error.Message.Should().Contain("0000:42:00.0").And.Contain("mlx5_core");
        AssertUntouched(node);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrepareUnprepare_Hgx8Gpu_TwoClaimsOnTwoGpusLeaveNvSwitchesAlone(bool withoutCdev)
    {
        using var node = new NodeHarness(On(SimulatedTopologies.Hgx8Gpu(), withoutCdev));

        var prepared = await node.Service.PrepareResourceClaimsAsync(
        [
            ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:5d:00.0")),
            ClaimFactory.Vfio("7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5c", ClaimFactory.VfioDevice("0000:db:00.0"), name: "vm2-gpu"),
        ]);

        prepared.Should().OnlyContain(r => r.Error == null);
        node.DriverOf("0000:5d:00.0").Should().Be("vfio-pci");
        node.DriverOf("0000:db:00.0").Should().Be("vfio-pci");
        node.DriverOf("0000:c0:00.0").Should().Be("nvidia-nvswitch");
        var slices = node.Service.GetResourceSlices();
        slices.Devices.Should().Contain(d => d.Name == "gpu-vfio-0000-5d-00-0", "a prepared GPU keeps its vfio view");
        slices.Devices.Should().NotContain(d => d.Name == "gpu-0000-5d-00-0", "a GPU on vfio-pci has no NVML identity, so no gpu view");
        var results = await node.Service.UnprepareResourceClaimsAsync(
        [
            new ClaimReference("vms", "vm1-gpu-x7k2p", Uid),
            new ClaimReference("vms", "vm2-gpu", "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5c"),
        ]);
        results.Should().OnlyContain(r => r.Error == null);
        node.DriverOf("0000:5d:00.0").Should().Be("nvidia");
        node.DriverOf("0000:db:00.0").Should().Be("nvidia");
    }

    [Fact]
    public async Task Prepare_GpuAlreadyOnVfioWithoutAdoption_IsNotAdvertisedAndRefused()
    {
        using var node = new NodeHarness(SimulatedTopologies.AlreadyOnVfio());

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"))]);

        prepared[0].Error.Should().BeOfType<ClaimConfigException>().Which.Message.Should().Contain("not advertised");
        AssertUntouched(node);
    }

    [Fact]
    public async Task PrepareUnprepare_GpuAlreadyOnVfioAdopted_StaysOnVfioAfterRelease()
    {
        using var node = new NodeHarness(SimulatedTopologies.AlreadyOnVfio(), configure: o => o.AdoptPreBoundVfioDevices = true);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"))]);

        prepared[0].Error.Should().BeNull();
        node.Host.Kernel.Writes.Should().BeEmpty("the GPU is already on its VFIO driver");
        File.ReadAllText(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml")).Should().Contain("/dev/vfio/21");
        await AssertUnpreparedAsync(node, ("0000:1b:00.0", "vfio-pci"));
        node.Host.Kernel.Writes.Should().BeEmpty("a GPU that was on vfio before is never rebound to nvidia (W10)");
    }

    [Fact]
    public async Task Prepare_DriverlessGpu_IsNotAdvertisedAndRefused()
    {
        using var node = new NodeHarness(SimulatedTopologies.Driverless());

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"))]);

        prepared[0].Error.Should().BeOfType<ClaimConfigException>().Which.Message.Should().Contain("gpu-vfio-0000-1b-00-0");
        AssertUntouched(node);
    }

    [Fact]
    public async Task Prepare_VirtualFunctionsEnabled_IsRefusedBeforeAnySideEffect()
    {
        using var node = new NodeHarness(SimulatedTopologies.SriovVfsEnabled());

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:81:00.0"))]);

        var error = prepared[0].Error.Should().BeOfType<ClaimPreparationException>().Subject;
        error.Step.Should().Be(ClaimStep.Validate);
        error.Message.Should().Contain("virtual functions").And.Contain("sriov_numvfs");
        AssertUntouched(node);
        node.Node.Nvml.IsPersistenceOn("0000:81:00.0").Should().BeTrue("the VF check runs before persistence is touched (W18)");
    }

    [Fact]
    public async Task Start_IommuOffWithPassthrough_FailsWithTheRemedy()
    {
        using var node = new NodeHarness(SimulatedTopologies.IommuOff());

        var start = () => node.Service.StartAsync();

        (await start.Should().ThrowAsync<PreflightException>()).Which.Message.Should().Contain("intel_iommu=on");
        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"))]);
        prepared[0].Error.Should().BeOfType<PreflightException>();
        AssertUntouched(node);
    }

    [Theory]
    [InlineData(false, "cdi-claim-iommufd.yaml")]
    [InlineData(true, "cdi-claim-sxm-h200.yaml")] // /dev/iommu but no CONFIG_VFIO_DEVICE_CDEV: "prefer" falls back to the group
    public async Task Prepare_IommufdOnWithPreferIommuFd_InjectsIommuAndTheDeviceCdevOrFallsBack(bool withoutCdev, string golden)
    {
        using var node = new NodeHarness(On(SimulatedTopologies.IommufdOn(), withoutCdev));

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"), config: ClaimFactory.IommuFdConfig)]);

        prepared[0].Error.Should().BeNull();
        node.DriverOf("0000:1b:00.0").Should().Be("vfio-pci");
        Golden.Match(golden, File.ReadAllText(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml")));
        await AssertUnpreparedAsync(node, ("0000:1b:00.0", "nvidia"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Prepare_IommufdOnWithLegacyOnly_InjectsTheLegacyNodes(bool withoutCdev)
    {
        using var node = new NodeHarness(On(SimulatedTopologies.IommufdOn(), withoutCdev));

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:1b:00.0"))]);

        prepared[0].Error.Should().BeNull();
        var spec = File.ReadAllText(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml"));
        spec.Should().Contain("/dev/vfio/vfio").And.Contain("/dev/vfio/20").And.NotContain("/dev/iommu");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrepareUnprepare_GraceHopper_LoadsTheVariantDriver(bool withoutCdev)
    {
        using var node = new NodeHarness(On(SimulatedTopologies.GraceHopper(), withoutCdev));

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0009:01:00.0"))]);

        prepared[0].Error.Should().BeNull();
        node.DriverOf("0009:01:00.0").Should().Be("nvgrace_gpu_vfio_pci");
        await AssertUnpreparedAsync(node, ("0009:01:00.0", "nvidia"));
    }

    private static SimulatedTopology On(SimulatedTopology topology, bool withoutCdev) =>
        withoutCdev ? SimulatedTopologies.WithoutDeviceCdev(topology) : topology;

    private static async Task AssertUnpreparedAsync(NodeHarness node, params (string Address, string Driver)[] expected)
    {
        var results = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]);
        results[0].Error.Should().BeNull();
        foreach (var (address, driver) in expected)
        {
            node.DriverOf(address).Should().Be(driver);
        }

        node.CdiFiles().Should().BeEmpty();
        node.MetadataFiles().Should().BeEmpty();
    }

    private static void AssertUntouched(NodeHarness node)
    {
        node.Host.Kernel.Writes.Should().BeEmpty();
        node.CdiFiles().Should().BeEmpty();
        node.MetadataFiles().Should().BeEmpty();
        (File.Exists(node.CheckpointPath) ? File.ReadAllText(node.CheckpointPath) : string.Empty).Should().NotContain(Uid);
    }
}
