using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

public sealed class PrepareUnprepareTests : IDisposable
{
    private const string Uid = "4f0c2a8e-6a3b-4a51-9d1e-2b7c5e9f0a11";
    private const string Gpu0 = "0000:18:00.0";
    private readonly NodeHarness node = new(SimulatedTopologies.Hgx8Gpu());

    public void Dispose() => node.Dispose();

    [Fact]
    public async Task Prepare_GuideClaimOnHgx_MovesGpuToVfioAndWritesSpecsAndMetadata()
    {
        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0))]);

        var result = results.Should().ContainSingle().Subject;
        result.Error.Should().BeNull();
        result.ClaimUid.Should().Be(Uid);
        var device = result.Devices.Should().ContainSingle().Subject;
        device.RequestNames.Should().Equal("dra-gpu");
        device.PoolName.Should().Be("node-a");
        device.DeviceName.Should().Be("gpu-vfio-0000-18-00-0");
        device.CdiDeviceIds.Should().Equal(
            $"k8s.gpu.nvidia.com/claim={Uid}-gpu-vfio-0000-18-00-0",
            $"gpu.nvidia.com/metadata={Uid}_dra-gpu");
        node.DriverOf(Gpu0).Should().Be("vfio-pci");
        node.DriverOf("0000:2a:00.0").Should().Be("nvidia", "other GPUs are untouched");
        node.Node.Nvml.IsPersistenceOn(Gpu0).Should().BeFalse();
        node.CdiFiles().Should().Equal($"gpu.nvidia.com_metadata_{Uid}_dra-gpu.json", $"k8s.gpu.nvidia.com-claim_{Uid}.yaml");
        node.MetadataFiles().Should().Equal("vms_vm1-gpu-x7k2p/dra-gpu/metadata.json");
        Golden.Match("cdi-claim-hgx-legacy.yaml", File.ReadAllText(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml")));
        Golden.Match("metadata-hgx-template.json", File.ReadAllText(Path.Join(node.PluginDataDirectory, "dra-device-metadata/vms_vm1-gpu-x7k2p/dra-gpu/metadata.json")));
        Golden.Match("cdi-metadata-hgx.json", File.ReadAllText(Path.Join(node.CdiRoot, $"gpu.nvidia.com_metadata_{Uid}_dra-gpu.json")).Replace(node.Host.Root, "<root>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unprepare_PreparedClaim_RestoresDriverOverridePersistenceAndRemovesFiles()
    {
        var overrideBefore = node.Host.OverrideOf(Testing.SimulatedHostExtensions.Address(Gpu0));
        await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0))]);

        var results = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]);

        results.Should().ContainSingle().Which.Error.Should().BeNull();
        node.DriverOf(Gpu0).Should().Be("nvidia");
        node.Host.OverrideOf(Testing.SimulatedHostExtensions.Address(Gpu0)).Should().Be(overrideBefore);
        node.Node.Nvml.IsPersistenceOn(Gpu0).Should().BeTrue();
        node.CdiFiles().Should().BeEmpty();
        node.MetadataFiles().Should().BeEmpty();
        File.ReadAllText(node.CheckpointPath).Should().NotContain(Uid);
    }

    [Fact]
    public async Task PrepareUnprepare_PersistenceWasOff_NeverTurnsItOn()
    {
        node.Node.Nvml.SetPersistenceMode(Gpu0, false);
        var changes = node.Node.Nvml.Fake.PersistenceModeChanges.Count;

        await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0))]);
        await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]);

        node.DriverOf(Gpu0).Should().Be("nvidia");
        node.Node.Nvml.IsPersistenceOn(Gpu0).Should().BeFalse("release restores the recorded state, not 'on' (W6)");
        node.Node.Nvml.Fake.PersistenceModeChanges.Count.Should().Be(changes);
    }

    [Fact]
    public async Task Prepare_GpuReboundOutOfBand_FailsNamingBothDrivers()
    {
        await node.Service.StartAsync();
        var file = node.Host.FileSystem.File;
        file.WriteAllText(Path.Join(node.Host.ProcRoot, "driver/nvidia/gpus", Gpu0, "unbindLock"), "1");
        file.WriteAllText(Path.Join(node.Host.SysfsRoot, "bus/pci/drivers/nvidia/unbind"), Gpu0);
        file.WriteAllText(Path.Join(node.Host.SysfsRoot, "bus/pci/devices", Gpu0, "driver_override"), "vfio-pci");
        file.WriteAllText(Path.Join(node.Host.SysfsRoot, "bus/pci/drivers/vfio-pci/bind"), Gpu0);
        var writes = node.Host.Kernel.Writes.Count;

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0))]);

        var error = results[0].Error.Should().BeOfType<ClaimPreparationException>().Subject;
        error.Message.Should().Contain("rebound outside this driver").And.Contain("nvidia").And.Contain("vfio-pci");
        node.Host.Kernel.Writes.Count.Should().Be(writes);
        node.CdiFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_DirectClaimWithTwoRequests_WritesOneMetadataFilePerRequestAndIdsOnFirstDevices()
    {
        var claim = ClaimFactory.Vfio(Uid, [("gpus", ClaimFactory.VfioDevice(Gpu0)), ("gpus", ClaimFactory.VfioDevice("0000:2a:00.0")), ("extra/big", ClaimFactory.VfioDevice("0000:3a:00.0"))], podClaimName: null);

        var result = (await node.Service.PrepareResourceClaimsAsync([claim]))[0];

        result.Error.Should().BeNull();
        result.Devices.Select(d => d.CdiDeviceIds.Count).Should().Equal(2, 1, 2);
        result.Devices[0].CdiDeviceIds[1].Should().Be($"gpu.nvidia.com/metadata={Uid}_gpus");
        result.Devices[2].RequestNames.Should().Equal("extra");
        result.Devices[2].CdiDeviceIds[1].Should().Be($"gpu.nvidia.com/metadata={Uid}_extra");
        node.MetadataFiles().Should().Equal("vms_vm1-gpu-x7k2p/extra/metadata.json", "vms_vm1-gpu-x7k2p/gpus/metadata.json");
        Golden.Match("metadata-hgx-direct-subrequest.json", File.ReadAllText(Path.Join(node.PluginDataDirectory, "dra-device-metadata/vms_vm1-gpu-x7k2p/extra/metadata.json")));
        File.ReadAllText(Path.Join(node.CdiRoot, $"gpu.nvidia.com_metadata_{Uid}_extra.json")).Should().Contain("/resourceclaims/vm1-gpu-x7k2p/extra/gpu.nvidia.com-metadata.json");
        (await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]))[0].Error.Should().BeNull();
        node.MetadataFiles().Should().BeEmpty();
        node.CdiFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_SameClaimTwice_AnswersFromCheckpointWithoutTouchingTheNode()
    {
        var claim = ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0));
        var first = await node.Service.PrepareResourceClaimsAsync([claim]);
        var writes = node.Host.Kernel.Writes.Count;

        var second = await node.Service.PrepareResourceClaimsAsync([claim]);

        second[0].Devices.Should().BeEquivalentTo(first[0].Devices);
        node.Host.Kernel.Writes.Count.Should().Be(writes);
    }

    [Fact]
    public async Task Unprepare_TwoCallsAtOnce_BothSucceedAndTheGpuIsRestoredOnce()
    {
        await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0))]);
        var reference = new ClaimReference("vms", "vm1-gpu-x7k2p", Uid);
        var writesBefore = node.Host.Kernel.Writes.Count;

        // The second finds the claim gone once it holds the GPU: its check and the "being unprepared" commit are one
        // node-lock hold, so it cannot mark a record the first has just forgotten.
        var both = await Task.WhenAll(
            Task.Run(() => node.Service.UnprepareResourceClaimsAsync([reference])),
            Task.Run(() => node.Service.UnprepareResourceClaimsAsync([reference])));

        both.Should().OnlyContain(r => r.Count == 1 && r[0].Error == null);
        node.DriverOf(Gpu0).Should().Be("nvidia");
        node.Host.Kernel.Writes.Skip(writesBefore).Count(w => w.Path.EndsWith("/nvidia/bind", StringComparison.Ordinal)).Should().Be(1, "the GPU is given back once");
        File.ReadAllText(node.CheckpointPath).Should().NotContain(Uid);
    }

    [Fact]
    public async Task Unprepare_UnknownClaimTwice_Succeeds()
    {
        var reference = new ClaimReference("vms", "vm1-gpu-x7k2p", Uid);

        var first = await node.Service.UnprepareResourceClaimsAsync([reference]);
        var second = await node.Service.UnprepareResourceClaimsAsync([reference]);

        first[0].Error.Should().BeNull();
        second[0].Error.Should().BeNull();
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_SecondClaimForSameGpu_IsRefusedByTheCheckpointBackstop()
    {
        await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0))]);

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio("9e1c4b2a-0000-4000-8000-000000000001", ClaimFactory.VfioDevice(Gpu0), name: "other")]);

        var error = results[0].Error.Should().BeOfType<ClaimPreparationException>().Subject;
        error.Step.Should().Be(ClaimStep.Validate);
        error.Message.Should().Contain(Uid).And.Contain("already prepared");
        node.CdiFiles().Should().HaveCount(2, "only the first claim's files exist");
    }

    [Fact]
    public async Task Prepare_BatchWithOneBadClaim_ReturnsAnErrorForThatClaimOnly()
    {
        var good = ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu0));
        var bad = ClaimFactory.Vfio("../etc", ClaimFactory.VfioDevice("0000:2a:00.0"));

        var results = await node.Service.PrepareResourceClaimsAsync([bad, good]);

        results[0].Error.Should().BeOfType<ClaimConfigException>().Which.Message.Should().Contain("metadata.uid").And.Contain("../etc");
        results[1].Error.Should().BeNull();
        node.DriverOf("0000:2a:00.0").Should().Be("nvidia");
    }

    [Fact]
    public async Task Prepare_GpuHeldByNvHostengine_FailsNamingTheHolderAndLeavesNothing()
    {
        var holder = node.Host.AddHolder(node.Host.GpuNode(1), "nv-hostengine", "0::/system.slice/nvidia-dcgm.service");

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice("0000:2a:00.0"))]);

        var error = results[0].Error.Should().BeOfType<GpuInUseException>().Subject;
        error.Holders.Should().ContainSingle().Which.Pid.Should().Be(holder.Pid);
        error.Message.Should().Contain("nv-hostengine").And.Contain("nvidia-dcgm.service").And.Contain("0000:2a:00.0");
        error.RolledBack.Should().BeTrue();
        node.DriverOf("0000:2a:00.0").Should().Be("nvidia");
        node.Node.Nvml.IsPersistenceOn("0000:2a:00.0").Should().BeTrue("persistence is restored by the rollback");
        node.CdiFiles().Should().BeEmpty();
        File.ReadAllText(node.CheckpointPath).Should().NotContain(Uid);
    }
}
