using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// Bad state or bad configuration never turns into silent unsafety: each case is something a new user hits, and
/// each ends in a typed, actionable error with nothing switched — never "free", "ok" or a raw exception.
/// </summary>
public sealed class SafetyTests
{
    private const string Uid = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    private const string Gpu = "0000:18:00.0";
    private const string OtherGpu = "0000:2a:00.0";

    [Fact]
    public async Task Start_ProcRootMissing_FailsWithTheRemedyInsteadOfSeeingNoHolders()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        Directory.Delete(node.Host.ProcRoot, recursive: true);

        var start = () => node.Service.StartAsync();

        var error = (await start.Should().ThrowAsync<PreflightException>()).Which;
        error.Message.Should().Contain(node.Host.ProcRoot).And.Contain("hostPID");
        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);
        prepared[0].Error.Should().BeOfType<PreflightException>();
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_ProcRootGoneAfterStart_FailsNamingItAndNothingStaysSwitched()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        await node.Service.StartAsync();
        Directory.Delete(node.Host.ProcRoot, recursive: true);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        var error = prepared[0].Error.Should().BeAssignableTo<NvidiaDraException>().Subject;
        error.Message.Should().Contain("could not check").And.Contain(node.Host.ProcRoot);
        node.DriverOf(Gpu).Should().Be("nvidia");
        node.Host.Kernel.Writes.Should().NotContain(w => w.Path.EndsWith("/unbind", StringComparison.Ordinal), "a GPU whose holders are unknown is never unbound");
        node.CdiFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_NvidiaProcfsMissingWhileOnNvidia_IsNotNothingToDo()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        await node.Service.StartAsync();
        Directory.Delete(Path.Join(node.Host.ProcRoot, "driver/nvidia"), recursive: true);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        prepared[0].Error!.Message.Should().Contain("driver/nvidia/gpus/" + Gpu).And.Contain("does not exist although the GPU is on nvidia");
        node.DriverOf(Gpu).Should().Be("nvidia");
        node.Host.Kernel.Writes.Should().NotContain(w => w.Path.EndsWith("/unbind", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"claims":null}""")]
    [InlineData("""{"version":2,"bootId":"x","claims":{}}""")]
    [InlineData("""{"version":0,"claims":{}}""")]
    public async Task Start_CheckpointWithoutClaimsOrFromANewerVersion_IsCorruptNamingTheFileAndLeftUntouched(string content)
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        Directory.CreateDirectory(node.PluginDataDirectory);
        File.WriteAllText(node.CheckpointPath, content);

        var start = () => node.Service.StartAsync();

        var error = (await start.Should().ThrowAsync<CheckpointCorruptException>()).Which;
        error.Path.Should().Be(node.CheckpointPath);
        error.Message.Should().Contain(node.CheckpointPath);
        (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]))[0].Error.Should().BeOfType<CheckpointCorruptException>();
        File.ReadAllText(node.CheckpointPath).Should().Be(content);
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Theory]
    [InlineData("kept")]
    [InlineData("deleted")]
    [InlineData("unreadable")]
    public async Task Start_CheckpointLostWhileAClaimWasPrepared_KeepsTheGpuOutAndUnprepareRestoresIt(string claimSpecLeft)
    {
        // The claim spec is the evidence; where it was deleted too, or cannot be read, the claim's metadata files are.
        var logs = new FakeLogCollector();
        using var node = LoggedNode(logs);
        (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]))[0].Error.Should().BeNull();
        File.Delete(node.CheckpointPath);
        var claimSpec = $"k8s.gpu.nvidia.com-claim_{Uid}.yaml";
        var metadataSpec = $"gpu.nvidia.com_metadata_{Uid}_dra-gpu.json";
        if (claimSpecLeft == "deleted")
        {
            File.Delete(Path.Join(node.CdiRoot, claimSpec));
        }
        else if (claimSpecLeft == "unreadable")
        {
            File.WriteAllText(Path.Join(node.CdiRoot, claimSpec), "cdiVersion: [not a spec");
        }

        node.Restart();
        using var unrecorded = new MetricCollector<long>(null, NvidiaDraMetrics.MeterName, "nvidia_dra.checkpoint.unrecorded_vfio_gpus");

        var report = await node.Service.StartAsync();

        var lost = report.Recovery.UnrecordedGpus.Should().ContainSingle().Subject;
        (lost.PciAddress, lost.ClaimUid, lost.Driver, lost.Restored).Should().Be((Gpu, Uid, "vfio-pci", false));
        lost.Files.Select(Path.GetFileName).Should().Equal(claimSpecLeft == "deleted" ? [metadataSpec] : [claimSpec, metadataSpec]);
        unrecorded.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == NvidiaDraEventIds.UnrecordedVfioGpu && r.Level == LogLevel.Error)
            .Which.Message.Should().Contain(Gpu).And.Contain(Uid).And.Contain("checkpoint was lost");
        node.Service.GetResourceSlices().Devices.Should().NotContain(d => d.Name == ClaimFactory.VfioDevice(Gpu)).And.Contain(d => d.Name == ClaimFactory.VfioDevice(OtherGpu));
        var other = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio("6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e", ClaimFactory.VfioDevice(Gpu), name: "other")]);
        other[0].Error!.Message.Should().Contain("checkpoint was lost").And.NotContain("old ResourceSlice");

        var released = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]);

        released[0].Error.Should().BeNull();
        node.DriverOf(Gpu).Should().Be("nvidia", "an unprepare that answers ok has restored the GPU");
        node.CdiFiles().Should().BeEmpty();
        node.Service.GetResourceSlices().Devices.Should().Contain(d => d.Name == ClaimFactory.VfioDevice(Gpu));
    }

    [Fact]
    public async Task Start_CheckpointLostAndRestoreOptionOn_RestoresTheGpuAndRemovesTheFiles()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu(), configure: o => o.RestoreUnrecordedVfioGpus = true);
        (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]))[0].Error.Should().BeNull();
        File.Delete(node.CheckpointPath);
        node.Restart();

        var report = await node.Service.StartAsync();

        report.Recovery.UnrecordedGpus.Should().ContainSingle().Which.Restored.Should().BeTrue();
        report.Recovery.Errors.Should().BeEmpty();
        node.DriverOf(Gpu).Should().Be("nvidia");
        node.CdiFiles().Should().BeEmpty();
        node.Service.GetResourceSlices().Devices.Should().Contain(d => d.Name == ClaimFactory.VfioDevice(Gpu));
    }

    [Fact]
    public async Task Prepare_253CharacterClaimName_IsRefusedBeforeAnySideEffect()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        var name = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        name.Length.Should().Be(253);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu), name: name)]);

        var error = prepared[0].Error.Should().BeOfType<ClaimConfigException>().Subject;
        error.Message.Should().Contain("name limit").And.Contain("nothing was changed");
        node.Host.Kernel.Writes.Should().BeEmpty("the GPU is never switched and rolled back");
        node.CdiFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_CheckpointPathIsADirectory_AnswersEveryClaimWithATypedError()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        Directory.CreateDirectory(node.CheckpointPath);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu)), ClaimFactory.Vfio("6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e", ClaimFactory.VfioDevice(OtherGpu), name: "other")]);
        var released = await node.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]);

        prepared.Should().HaveCount(2).And.OnlyContain(r => r.Error is PluginStateException && r.Error.Message.Contains(node.CheckpointPath));
        released.Should().ContainSingle().Which.Error.Should().BeOfType<PluginStateException>();
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_PluginDataDirectoryIsAFile_AnswersEveryClaimWithATypedError()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        Directory.CreateDirectory(Path.GetDirectoryName(node.PluginDataDirectory)!);
        File.WriteAllText(node.PluginDataDirectory, "not a directory");

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        var error = prepared.Should().ContainSingle().Which.Error.Should().BeOfType<PluginStateException>().Subject;
        error.Path.Should().Be(node.PluginDataDirectory);
        error.Message.Should().Contain("PluginDataDirectory");
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Slices_OneGpuWithMalformedNumaNode_IsLeftOutAndTheOthersKeepWorking()
    {
        var logs = new FakeLogCollector();
        using var node = LoggedNode(logs);
        node.Host.SetAttribute(Testing.SimulatedHostExtensions.Address(Gpu), "numa_node", "abc\n");

        var report = await node.Service.StartAsync();

        report.Preflight.PassthroughAvailable.Should().BeTrue("one bad GPU does not disable the node");
        logs.GetSnapshot().Should().Contain(r => r.Id.Id == NvidiaDraEventIds.GpuLeftOut && r.Level == LogLevel.Warning)
            .Which.Message.Should().Contain(Gpu).And.Contain("numa_node").And.Contain("abc");
        var devices = node.Service.GetResourceSlices().Devices;
        devices.Should().NotContain(d => d.Name.EndsWith("0000-18-00-0", StringComparison.Ordinal));
        devices.Should().Contain(d => d.Name == ClaimFactory.VfioDevice(OtherGpu));
        (await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(OtherGpu))]))[0].Error.Should().BeNull();
    }

    [Fact]
    public async Task Prepare_ResultFromAnotherPool_IsRefusedNamingBothPools()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        var claim = WithResult(ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu)), r => r with { Pool = "node-b" });

        var prepared = await node.Service.PrepareResourceClaimsAsync([claim]);

        prepared[0].Error.Should().BeOfType<ClaimConfigException>().Which.Message.Should().Contain("'node-b'").And.Contain("'node-a'").And.NotContain("old ResourceSlice");
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_AdminAccessResult_IsRefusedBecauseAVfioDeviceCannotBeShared()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        var claim = WithResult(ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu)), r => r with { AdminAccess = true });

        var prepared = await node.Service.PrepareResourceClaimsAsync([claim]);

        prepared[0].Error.Should().BeOfType<ClaimConfigException>().Which.Message.Should().Contain("adminAccess").And.Contain("cannot be shared");
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Prepare_SymlinkPlantedAsTheMetadataDirectory_IsRefusedAndNothingIsWrittenThroughIt()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        var outside = Path.Join(node.Host.Root, "outside");
        Directory.CreateDirectory(outside);
        var metadata = Path.Join(node.PluginDataDirectory, "dra-device-metadata");
        Directory.CreateDirectory(metadata);
        Directory.CreateSymbolicLink(Path.Join(metadata, "vms_vm1-gpu-x7k2p"), outside);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        prepared[0].Error!.Message.Should().Contain("symbolic link").And.Contain("nothing was changed");
        Directory.EnumerateFileSystemEntries(outside, "*", SearchOption.AllDirectories).Should().BeEmpty();
        node.DriverOf(Gpu).Should().Be("nvidia");
    }

    [Fact]
    public async Task Prepare_SymlinkPlantedAsTheClaimCdiSpec_IsRefusedAndItsTargetUntouched()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        var target = Path.Join(node.Host.Root, "victim.yaml");
        File.WriteAllText(target, "precious");
        Directory.CreateDirectory(node.CdiRoot);
        File.CreateSymbolicLink(Path.Join(node.CdiRoot, $"k8s.gpu.nvidia.com-claim_{Uid}.yaml"), target);

        var prepared = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        prepared[0].Error!.Message.Should().Contain("symbolic link");
        File.ReadAllText(target).Should().Be("precious");
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public void CheckpointSave_SyncsTheDirectoryAfterTheRename()
    {
        using var node = new NodeHarness(SimulatedTopologies.Hgx8Gpu());
        var synced = new List<(string Directory, bool Renamed)>();
        var store = new CheckpointStore(node.PluginDataDirectory, directory => synced.Add((directory, File.Exists(Path.Join(directory, CheckpointStore.FileName)))));

        store.Save(new Checkpoint { BootId = "b" });

        synced.Should().Equal((node.PluginDataDirectory, true));
    }

    private static ResourceClaim WithResult(ResourceClaim claim, Func<DeviceRequestAllocationResult, DeviceRequestAllocationResult> change)
    {
        var allocation = claim.Status!.Allocation!;
        var devices = allocation.Devices!;
        return claim with
        {
            Status = claim.Status with { Allocation = allocation with { Devices = devices with { Results = [.. devices.Results!.Select(change)] } } },
        };
    }

    private static NodeHarness LoggedNode(FakeLogCollector logs) =>
        new(SimulatedTopologies.Hgx8Gpu(), extend: b => b.Services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(logs))));
}
