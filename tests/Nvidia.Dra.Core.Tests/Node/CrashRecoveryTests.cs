using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// A fault at every step boundary of prepare and unprepare: an in-process fault is rolled back at once; a crash
/// (nothing after the boundary runs, not even the rollback) is repaired by a fresh instance's start-up recovery.
/// Either way every GPU ends on exactly one driver, persistence is back, no CDI or metadata file is left, and the
/// claim can be prepared again.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string Uid = "0b9f8e7d-6c5b-4a39-8281-7f6e5d4c3b2a";
    private const string Gpu = "0000:01:00.0";
    private const string Audio = "0000:01:00.1";

    public static TheoryData<ClaimStep> PrepareSteps =>
    [
        ClaimStep.RecordCheckpoint, ClaimStep.DisablePersistence, ClaimStep.WaitForHolders, ClaimStep.SwitchDriver,
        ClaimStep.WriteCdiSpec, ClaimStep.WriteMetadata, ClaimStep.Complete,
    ];

    public static TheoryData<ClaimStep> UnprepareSteps =>
    [
        ClaimStep.RecordCheckpoint, ClaimStep.RemoveFiles, ClaimStep.RestoreDriver, ClaimStep.RestorePersistence, ClaimStep.Forget,
    ];

    [Theory]
    [MemberData(nameof(PrepareSteps))]
    public async Task Prepare_FaultAtStep_RollsBackEverything(ClaimStep step)
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        node.Hook.Arm("prepare", step);

        var failed = await node.Service.PrepareResourceClaimsAsync([Claim()]);

        var error = failed[0].Error.Should().BeAssignableTo<ClaimPreparationException>().Subject;
        error.Step.Should().Be(step);
        error.RolledBack.Should().BeTrue();
        AssertClean(node);
        await AssertPreparesAgainAsync(node);
    }

    [Theory]
    [MemberData(nameof(PrepareSteps))]
    public async Task Prepare_CrashAtStep_IsRecoveredByAFreshInstance(ClaimStep step)
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        node.Hook.Arm("prepare", step, crash: true);
        (await node.Service.PrepareResourceClaimsAsync([Claim()]))[0].Error.Should().NotBeNull();

        node.Restart();
        var report = await node.Service.StartAsync();

        report.Recovery.Errors.Should().BeEmpty();
        AssertClean(node);
        await AssertPreparesAgainAsync(node);
    }

    [Theory]
    [MemberData(nameof(UnprepareSteps))]
    public async Task Unprepare_CrashAtStep_IsFinishedByAFreshInstance(ClaimStep step)
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        (await node.Service.PrepareResourceClaimsAsync([Claim()]))[0].Error.Should().BeNull();
        node.Hook.Arm("unprepare", step, crash: true);
        (await node.Service.UnprepareResourceClaimsAsync([Reference()]))[0].Error.Should().NotBeNull();

        node.Restart();
        var report = await node.Service.StartAsync();

        if (step == ClaimStep.RecordCheckpoint)
        {
            // Killed before the unprepare recorded anything: the claim is still prepared, and kubelet retries.
            report.Recovery.PreparedClaims.Should().Equal(Uid);
            node.DriverOf(Gpu).Should().Be("vfio-pci");
        }
        else
        {
            AssertClean(node);
        }

        (await node.Service.UnprepareResourceClaimsAsync([Reference()]))[0].Error.Should().BeNull();
        AssertClean(node);
        await AssertPreparesAgainAsync(node);
    }

    [Theory]
    [MemberData(nameof(UnprepareSteps))]
    public async Task Unprepare_FaultAtStep_IsFinishedByTheRetry(ClaimStep step)
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        (await node.Service.PrepareResourceClaimsAsync([Claim()]))[0].Error.Should().BeNull();
        node.Hook.Arm("unprepare", step);

        var failed = await node.Service.UnprepareResourceClaimsAsync([Reference()]);
        var retried = await node.Service.UnprepareResourceClaimsAsync([Reference()]);

        failed[0].Error.Should().BeOfType<ClaimPreparationException>().Which.Step.Should().Be(step);
        retried[0].Error.Should().BeNull();
        AssertClean(node);
    }

    [Fact]
    public async Task Prepare_CrashDuringRollback_IsRecoveredByAFreshInstance()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        node.Hook.Arm("rollback", ClaimStep.RestoreDriver, crash: true);
        node.Host.Kernel.Inject(Testing.SimulatedHostExtensions.Address(Gpu), SimulatedFault.BindFailure, times: 1);

        var failed = await node.Service.PrepareResourceClaimsAsync([Claim()]);

        var error = failed[0].Error.Should().BeOfType<ClaimPreparationException>().Subject;
        error.RolledBack.Should().BeFalse("Core's rollback crashed before it restored anything");
        error.Message.Should().Contain("checkpoint");
        node.Restart();
        await node.Service.StartAsync();
        AssertClean(node);
    }

    [Fact]
    public async Task Start_AfterPreparedClaim_KeepsItAndAnswersIdempotently()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        var first = await node.Service.PrepareResourceClaimsAsync([Claim()]);

        node.Restart();
        var report = await node.Service.StartAsync();
        var again = await node.Service.PrepareResourceClaimsAsync([Claim()]);

        report.Recovery.PreparedClaims.Should().Equal(Uid);
        again[0].Devices.Should().BeEquivalentTo(first[0].Devices);
        node.DriverOf(Gpu).Should().Be("vfio-pci");
        (await node.Service.UnprepareResourceClaimsAsync([Reference()]))[0].Error.Should().BeNull();
        AssertClean(node);
    }

    [Fact]
    public async Task Start_AfterReboot_ForgetsClaimsAndRemovesTheirFiles()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        await node.Service.PrepareResourceClaimsAsync([Claim()]);

        node.Host.BootId = Guid.NewGuid().ToString();
        node.Restart();
        var report = await node.Service.StartAsync();

        report.Recovery.CheckpointReset.Should().BeTrue();
        report.Recovery.RecoveredClaims.Should().Equal(Uid);
        File.ReadAllText(node.CheckpointPath).Should().NotContain(Uid).And.Contain(node.Host.BootId);
        node.CdiFiles().Should().BeEmpty();
        node.MetadataFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Start_CorruptCheckpoint_FailsNamingTheFileAndKeepsIt()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        Directory.CreateDirectory(node.PluginDataDirectory);
        const string garbage = "{\"version\":1,\"claims\":{\"x\":";
        File.WriteAllText(node.CheckpointPath, garbage);

        var start = () => node.Service.StartAsync();
        var prepared = await node.Service.PrepareResourceClaimsAsync([Claim()]);

        (await start.Should().ThrowAsync<CheckpointCorruptException>()).Which.Message.Should().Contain(node.CheckpointPath).And.Contain("move the file away");
        prepared[0].Error.Should().BeOfType<CheckpointCorruptException>();
        File.ReadAllText(node.CheckpointPath).Should().Be(garbage);
        node.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task Start_CheckpointWithUnknownFields_ReadsIt()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        await node.Service.PrepareResourceClaimsAsync([Claim()]);
        var text = File.ReadAllText(node.CheckpointPath);
        File.WriteAllText(node.CheckpointPath, text.Replace("\"version\": 1,", "\"version\": 1, \"futureField\": {\"a\": [1]},", StringComparison.Ordinal).Replace("\"state\":", "\"addedLater\": true, \"state\":", StringComparison.Ordinal));

        node.Restart();
        await node.Service.StartAsync();

        (await node.Service.UnprepareResourceClaimsAsync([Reference()]))[0].Error.Should().BeNull();
        AssertClean(node);
    }

    [Fact]
    public async Task Prepare_FirstCommit_AlreadyRecordsTheFirstDeviceAboutToSwitch()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        node.Hook.Arm("prepare", ClaimStep.DisablePersistence, crash: true);

        (await node.Service.PrepareResourceClaimsAsync([Claim()]))[0].Error.Should().NotBeNull();

        // Killed at the device's first step: the claim's one commit so far already says what release must undo.
        var device = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(node.CheckpointPath))!["claims"]![Uid]!["devices"]![0]!;
        device["progress"]!.GetValue<string>().Should().Be("Switching");
        device["persistenceTurnedOff"]!.GetValue<bool>().Should().BeTrue();
        node.Node.Nvml.IsPersistenceOn(Gpu).Should().BeTrue("nothing was done to the device yet");
        node.DriverOf(Gpu).Should().Be("nvidia");
    }

    [Fact]
    public async Task Prepare_PluginDataDirectoryRemovedSinceTheLastClaim_IsCreatedAgain()
    {
        using var node = new NodeHarness(SimulatedTopologies.WorkstationWithAudio());
        (await node.Service.PrepareResourceClaimsAsync([Claim()]))[0].Error.Should().BeNull();
        (await node.Service.UnprepareResourceClaimsAsync([Reference()]))[0].Error.Should().BeNull();

        // The locks and the checkpoint create their directory only when an open finds it missing.
        Directory.Delete(node.PluginDataDirectory, recursive: true);
        var again = await node.Service.PrepareResourceClaimsAsync([Claim()]);

        again[0].Error.Should().BeNull();
        File.ReadAllText(node.CheckpointPath).Should().Contain(Uid);
        node.DriverOf(Gpu).Should().Be("vfio-pci");
    }

    private static Kubernetes.ResourceClaim Claim() => ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu));

    private static ClaimReference Reference() => new("vms", "vm1-gpu-x7k2p", Uid);

    private static void AssertClean(NodeHarness node)
    {
        node.DriverOf(Gpu).Should().Be("nvidia");
        node.DriverOf(Audio).Should().Be("snd_hda_intel");
        node.Host.OverrideOf(Testing.SimulatedHostExtensions.Address(Gpu)).Should().BeNull();
        node.Host.OverrideOf(Testing.SimulatedHostExtensions.Address(Audio)).Should().BeNull();
        node.Node.Nvml.IsPersistenceOn(Gpu).Should().BeTrue();
        node.CdiFiles().Should().BeEmpty();
        node.MetadataFiles().Should().BeEmpty();
        File.ReadAllText(node.CheckpointPath).Should().NotContain(Uid);
    }

    private static async Task AssertPreparesAgainAsync(NodeHarness node)
    {
        var again = await node.Service.PrepareResourceClaimsAsync([Claim()]);
        again[0].Error.Should().BeNull();
        node.DriverOf(Gpu).Should().Be("vfio-pci");
        node.DriverOf(Audio).Should().Be("vfio-pci");
    }
}
