using System.Diagnostics;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// A real process (<c>Nvidia.Dra.Core.CrashHost</c>) prepares or unprepares on a simulated node and is killed with
/// SIGKILL at a step boundary or inside a sysfs write; the simulated kernel's state survives in the tree. Some cases
/// then kill a second process inside its start-up recovery. A fresh instance in this process then recovers: every
/// function on its recorded driver, overrides, nvidia's unbindLock and persistence restored, no group node, no CDI,
/// metadata or temporary file left, and the claim can be prepared again. The node is a kernel without the VFIO
/// device cdev (<c>vfio-dev/vfioN</c> without <c>dev</c>), as Debian 12's.
/// </summary>
public sealed class ProcessKillTests
{
    private const string Gpu = "0000:01:00.0";
    private const string Audio = "0000:01:00.1";
    private const int Group = 12;
    private const string Uid = "c4a5e6f7-0812-4a3b-9c4d-5e6f7a8b9c0d";

    [Theory]
    [InlineData("prepare", "hook", "SwitchDriver")]
    [InlineData("prepare", "sysfs", "UnbindLock")]
    [InlineData("prepare", "sysfs", "Unbind")] // nvidia's unbindLock is taken here
    [InlineData("prepare", "sysfs", "SetDriverOverride")]
    [InlineData("prepare", "sysfs", "Bind")]
    [InlineData("prepare", "sysfs", "Unbind@0000:01:00.1")]
    [InlineData("prepare", "sysfs", "SetDriverOverride@0000:01:00.1")]
    [InlineData("prepare", "sysfs", "Bind@0000:01:00.1")]
    [InlineData("prepare", "hook", "WriteCdiSpec")]
    [InlineData("prepare", "hook", "Complete")]
    [InlineData("unprepare", "hook", "RestoreDriver")]
    [InlineData("unprepare", "sysfs", "ClearDriverOverride@0000:01:00.1")]
    [InlineData("unprepare", "sysfs", "Unbind@0000:01:00.1")]
    [InlineData("unprepare", "sysfs", "ClearDriverOverride")]
    [InlineData("unprepare", "sysfs", "SetDriverOverride")]
    [InlineData("unprepare", "sysfs", "Bind")]
    [InlineData("unprepare", "hook", "RestorePersistence")]
    [InlineData("prepare", "sysfs", "Unbind", "sysfs", "UnbindLock")] // recovery killed while giving the lock back
    [InlineData("prepare", "sysfs", "Bind@0000:01:00.1", "sysfs", "Bind")]
    [InlineData("prepare", "hook", "WriteCdiSpec", "hook", "RemoveFiles")]
    [InlineData("prepare", "hook", "Complete", "sysfs", "ClearDriverOverride@0000:01:00.1")]
    [InlineData("unprepare", "hook", "RestoreDriver", "hook", "Forget")]
    public async Task Recovery_AfterSigkill_LeavesTheNodeConsistent(string operation, string kind, string step, string? recoveryKind = null, string? recoveryStep = null)
    {
        var topology = SimulatedTopologies.WithoutDeviceCdev(SimulatedTopologies.WorkstationWithAudio());
        using var original = SimulatedNode.Create(topology);
        await RunUntilKilledAsync(original.Host.Root, topology.Name, operation, kind, step);
        if (recoveryKind is not null)
        {
            await RunUntilKilledAsync(original.Host.Root, topology.Name, "recover", recoveryKind, recoveryStep!);
        }

        using var recovered = new NodeHarness(topology, reopen: true, root: original.Host.Root);
        var report = await recovered.Service.StartAsync();

        report.Recovery.Errors.Should().BeEmpty();
        if (report.Recovery.PreparedClaims.Contains(Uid))
        {
            // Killed before the claim's state changed: still prepared (unprepare not begun) — kubelet retries.
            recovered.DriverOf(Gpu).Should().Be("vfio-pci");
            (await recovered.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm1-gpu-x7k2p", Uid)]))[0].Error.Should().BeNull();
        }

        recovered.DriverOf(Gpu).Should().Be("nvidia");
        recovered.DriverOf(Audio).Should().Be("snd_hda_intel");
        recovered.Host.UnbindLockOf(Testing.SimulatedHostExtensions.Address(Gpu)).Should().Be("0", "a GPU left with unbindLock taken refuses new clients");
        recovered.Host.OverrideOf(Testing.SimulatedHostExtensions.Address(Gpu)).Should().BeNull();
        recovered.Host.OverrideOf(Testing.SimulatedHostExtensions.Address(Audio)).Should().BeNull();
        File.Exists(recovered.Host.VfioGroupNode(Group)).Should().BeFalse("no group member is on vfio-pci");
        recovered.Node.Nvml.IsPersistenceOn(Gpu).Should().BeTrue();
        recovered.CdiFiles().Should().BeEmpty();
        recovered.MetadataFiles().Should().BeEmpty();
        TemporaryFiles(recovered.CdiRoot, recovered.PluginDataDirectory).Should().BeEmpty("an interrupted atomic write leaves nothing behind");
        File.ReadAllText(recovered.CheckpointPath).Should().NotContain(Uid);
        var again = await recovered.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);
        again[0].Error.Should().BeNull();
        recovered.DriverOf(Gpu).Should().Be("vfio-pci");
    }

    [Theory]
    [InlineData("prepare", "hook", "SwitchDriver")]
    [InlineData("prepare", "sysfs", "Bind")]
    [InlineData("prepare", "hook", "WriteCdiSpec")]
    [InlineData("unprepare", "hook", "RestoreDriver")]
    [InlineData("unprepare", "sysfs", "Bind")]
    [InlineData("unprepare", "hook", "RestorePersistence")]
    public async Task ConcurrentInstances_OneKilledMidOperation_TheOtherPreparesItsGpuMeanwhileAndRecoveryCleansOnlyTheKilledClaim(string operation, string kind, string step)
    {
        const string killedGpu = "0000:18:00.0";
        const string liveGpu = "0000:2a:00.0";
        const string liveUid = "d5b6f7a8-1923-4b4c-8d5e-6f7a8b9c0d1e";
        var topology = SimulatedTopologies.Hgx8Gpu();
        using var original = SimulatedNode.Create(topology);
        var signal = Path.Join(original.Host.Root, "killed-at");
        using var child = StartCrashHost(original.Host.Root, topology.Name, operation, kind, step, signal, killedGpu);
        await WaitForSignalAsync(child, signal);

        // The other instance is stopped mid-operation and holds its GPU's lock; this one works on another GPU meanwhile
        // (before, the node lock was held across the whole prepare, so this failed on the lock timeout).
        using var live = new NodeHarness(topology, reopen: true, root: original.Host.Root, configure: o => o.NodeLockTimeout = TimeSpan.FromSeconds(2));
        var first = await live.Service.StartAsync();
        first.Recovery.PreparedClaims.Should().Contain(Uid, "a claim whose GPU lock another live instance holds is left to it");
        var prepared = await live.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(liveUid, ClaimFactory.VfioDevice(liveGpu), name: "vm2-gpu")]);
        prepared[0].Error.Should().BeNull();

        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        live.Restart();
        var report = await live.Service.StartAsync();

        report.Recovery.Errors.Should().BeEmpty();
        report.Recovery.RecoveredClaims.Should().Equal(Uid);
        report.Recovery.PreparedClaims.Should().Equal(liveUid);
        live.DriverOf(killedGpu).Should().Be("nvidia");
        live.Node.Nvml.IsPersistenceOn(killedGpu).Should().BeTrue();
        live.DriverOf(liveGpu).Should().Be("vfio-pci", "the live claim's record and GPU state survive the other's recovery");
        live.CdiFiles().Should().OnlyContain(f => f.Contains(liveUid, StringComparison.Ordinal)).And.NotBeEmpty();
        File.ReadAllText(live.CheckpointPath).Should().Contain(liveUid).And.NotContain(Uid);
        (await live.Service.UnprepareResourceClaimsAsync([new ClaimReference("vms", "vm2-gpu", liveUid)]))[0].Error.Should().BeNull();
        live.DriverOf(liveGpu).Should().Be("nvidia");
    }

    private static string[] TemporaryFiles(params string[] roots) =>
        [.. roots.Where(Directory.Exists).SelectMany(r => Directory.GetFiles(r, "*.tmp", SearchOption.AllDirectories))];

    private static async Task RunUntilKilledAsync(string root, string topology, string operation, string kind, string step)
    {
        var signal = Path.Join(root, $"killed-at-{operation}");
        using var child = StartCrashHost(root, topology, operation, kind, step, signal);
        await WaitForSignalAsync(child, signal);
        child.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no rollback.
        await child.WaitForExitAsync();
    }

    private static Process StartCrashHost(string root, string topology, string operation, string kind, string step, string signal, string gpu = Gpu)
    {
        var host = BuiltProjects.FileOf("Nvidia.Dra.Core.CrashHost", "Nvidia.Dra.Core.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { host, root, topology, operation, kind, step, gpu, signal })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task WaitForSignalAsync(Process child, string signal)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(signal))
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"the crash host exited with {child.ExitCode} before reaching the kill point: {await child.StandardError.ReadToEndAsync()}");
            }

            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the crash host reaches its kill point");
            await Task.Delay(10);
        }
    }
}
