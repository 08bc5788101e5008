using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class DriverSwitchTests
{
    [Fact]
    public async Task SwitchToVfioAsync_SxmH200_FollowsTheSequenceAndTheGroupNodeAppears()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);

        var record = await vfio.Switch.SwitchToVfioAsync(plan);

        record.Should().Be(plan.PriorState);
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
        vfio.Host.DriverOf(Addresses.SxmRootPort).Should().Be("pcieport");
        File.Exists(vfio.Host.VfioGroupNode(20)).Should().BeTrue();
        vfio.Host.Kernel.Writes.Should().Equal(
            new KernelWrite("proc/driver/nvidia/gpus/0000:1b:00.0/unbindLock", "1"),
            new KernelWrite("sys/bus/pci/drivers/nvidia/unbind", "0000:1b:00.0"),
            new KernelWrite("sys/bus/pci/devices/0000:1b:00.0/driver_override", "vfio-pci"),
            new KernelWrite("sys/bus/pci/drivers/vfio-pci/bind", "0000:1b:00.0"));
        vfio.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == VfioEventIds.SwitchCompleted);
    }

    [Fact]
    public async Task SwitchAndRestore_WritesRunOnReusedWritingThreadsAndTheCallerNeverContinuesOnOne()
    {
        // Each write runs on a writing thread (W4), kept for the next write rather than one per write; the switch
        // itself runs on its caller's thread, and no code after a write runs on a writing thread.
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var writers = new List<(string? Name, int Id)>();
        var switchThreads = new List<string?>();
        vfio.Host.Kernel.WriteStarted = _ =>
        {
            lock (writers)
            {
                writers.Add((Thread.CurrentThread.Name, Environment.CurrentManagedThreadId));
            }
        };

        // Off the test's synchronization context, so each await continues wherever the awaited task completed.
        await Task.Run(async () =>
        {
            var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
            switchThreads.Add(Thread.CurrentThread.Name);
            await vfio.Switch.RestoreAsync(record);
            switchThreads.Add(Thread.CurrentThread.Name);
        });

        writers.Should().HaveCount(9).And.OnlyContain(w => w.Name == "nvdra sysfs write");
        writers.Select(w => w.Id).Distinct().Should().HaveCountLessThan(9, "an idle writing thread takes the next write");
        switchThreads.Should().NotContain("nvdra sysfs write");
    }

    [Fact]
    public async Task RestoreAsync_AfterSwitch_ReturnsToNvidiaWithOverrideCleared()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        await vfio.Switch.RestoreAsync(record);

        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        File.Exists(vfio.Host.VfioGroupNode(20)).Should().BeFalse();
        vfio.Holders.GetGpuDeviceNode(Addresses.SxmGpu).Should().Be(vfio.Host.GpuNode(0), "the nvidia procfs entry is back");
    }

    [Fact]
    public async Task SwitchAndRestore_WorkstationWithAudio_AudioMovesAndComesBackToSndHdaIntel()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.WorkstationGpu));

        vfio.Host.DriverOf(Addresses.WorkstationAudio).Should().Be("vfio-pci");
        await vfio.Switch.RestoreAsync(record);

        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        var unbinds = vfio.Host.Kernel.Writes.Where(w => w.Path.EndsWith("vfio-pci/unbind", StringComparison.Ordinal)).Select(w => w.Value);
        unbinds.Should().Equal(["0000:01:00.1", "0000:01:00.0"], "companions are restored before the GPU");
    }

    [Fact]
    public async Task SwitchToVfioAsync_AlreadyOnVfio_WritesNothingAndRestoreLeavesItOnVfio()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.AlreadyOnVfio());

        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        await vfio.Switch.RestoreAsync(record);

        vfio.Host.Kernel.Writes.Should().BeEmpty();
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
    }

    [Fact]
    public async Task SwitchAndRestore_DriverlessGpu_BindsToVfioThenReturnsToNoDriver()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Driverless());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
        await vfio.Switch.RestoreAsync(record);

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().BeNull();
        vfio.Host.OverrideOf(Addresses.SxmGpu).Should().BeNull();
        vfio.Host.Kernel.Writes.Should().NotContain(w => w.Path.Contains("drivers/nvidia", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwitchToVfioAsync_IommufdOn_DeviceCdevAppearsAndGoesAway()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.IommufdOn());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        var cdev = vfio.Discovery.GetFunction(Addresses.SxmGpu).VfioCdev;
        cdev.Should().NotBeNull();
        File.Exists(Path.Join(vfio.Host.DevRoot, "vfio/devices", cdev)).Should().BeTrue();

        await vfio.Switch.RestoreAsync(record);
        File.Exists(Path.Join(vfio.Host.DevRoot, "vfio/devices", cdev)).Should().BeFalse();
    }

    [Fact]
    public async Task SwitchToVfioAsync_KernelWithoutDeviceCdev_WaitsOnlyForTheGroupNode()
    {
        // Debian 12's 6.1 and 6.12: vfio-dev/vfioN appears without a dev file, and /dev/vfio/devices never does.
        using var vfio = new VfioFixture(SimulatedTopologies.WithoutDeviceCdev(SimulatedTopologies.SxmH200()));

        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
        File.Exists(vfio.Host.VfioGroupNode(20)).Should().BeTrue();
        Directory.EnumerateDirectories(Path.Join(vfio.Host.SysfsRoot, "bus/pci/devices/0000:1b:00.0/vfio-dev")).Should().ContainSingle();
        vfio.Discovery.GetFunction(Addresses.SxmGpu).VfioCdev.Should().BeNull("a vfio-dev/vfioN directory without a dev file is not a cdev");
        Directory.Exists(Path.Join(vfio.Host.DevRoot, "vfio/devices")).Should().BeFalse();
        await vfio.Switch.RestoreAsync(record);
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task SwitchToVfioAsync_DeviceCdevWantedOnKernelWithoutIt_SwitchesWithTheGroupNodeOnly()
    {
        // PreferIommuFD with /dev/iommu but no VFIO_DEVICE_CDEV: nothing to wait for beyond the group; the caller falls back.
        using var vfio = new VfioFixture(SimulatedTopologies.WithoutDeviceCdev(SimulatedTopologies.IommufdOn()));

        await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu) with { UseDeviceCdev = true });

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
        vfio.Discovery.GetFunction(Addresses.SxmGpu).VfioCdev.Should().BeNull();
    }

    [Fact]
    public async Task SwitchToVfioAsync_LegacyBackend_DoesNotWaitForTheDeviceCdevNode()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.IommufdOn());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.CdevNodeMissing);

        await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci", "the legacy backend needs /dev/vfio/<group> only");
        vfio.Discovery.GetFunction(Addresses.SxmGpu).VfioCdev.Should().NotBeNull();
    }

    [Fact]
    public async Task SwitchToVfioAsync_DeviceCdevBackendAndTheNodeNeverAppears_TimesOutNamingItAndRollsBack()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.IommufdOn());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.CdevNodeMissing);

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu) with { UseDeviceCdev = true });

        var error = (await act.Should().ThrowAsync<DriverSwitchTimeoutException>()).Which;
        error.Step.Should().Be(VfioStep.WaitForDeviceNode);
        error.Message.Should().Contain("/vfio/devices/vfio");
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Host.UnbindLockOf(Addresses.SxmGpu).Should().Be("0");
    }

    [Fact]
    public async Task RestoreAsync_FreshProcessAfterCrashHoldingTheUnbindLock_GivesTheLockBack()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var persisted = vfio.Planner.Plan(Addresses.SxmGpu).PriorState.ToJson();
        // The crash: the lock was taken, the unbind never written.
        vfio.Host.FileSystem.File.WriteAllText(Path.Join(vfio.Host.ProcRoot, "driver/nvidia/gpus/0000:1b:00.0/unbindLock"), "1");
        vfio.Host.UnbindLockOf(Addresses.SxmGpu).Should().Be("1");

        await vfio.NewSwitch().RestoreAsync(DriverSwitchRecord.FromJson(persisted));

        vfio.Host.UnbindLockOf(Addresses.SxmGpu).Should().Be("0", "a GPU left locked refuses new clients");
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task RestoreAsync_UnbindLockNotTaken_WritesNothing()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        await vfio.NewSwitch().RestoreAsync(vfio.Planner.Plan(Addresses.SxmGpu).PriorState);

        vfio.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task SwitchToVfioAsync_UnbindFailsAfterTheLock_RollbackGivesTheLockBack()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.BusyUnbind, times: 1);

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        await act.Should().ThrowAsync<DriverSwitchFailedException>();
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Host.UnbindLockOf(Addresses.SxmGpu).Should().Be("0");
        vfio.Host.Kernel.Writes.Should().EndWith(new KernelWrite("proc/driver/nvidia/gpus/0000:1b:00.0/unbindLock", "0"));
    }

    [Fact]
    public async Task SwitchToVfioAsync_GraceHopper_LoadsVariantAndBindsItsUnderscoreDriver()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.GraceHopper());

        await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.GraceGpu));

        vfio.Host.ModuleLoader.Loaded.Should().Equal("nvgrace_gpu_vfio_pci");
        vfio.Host.DriverOf(Addresses.GraceGpu).Should().Be("nvgrace_gpu_vfio_pci");
    }

    [Theory]
    [InlineData("group-shared-with-nic", typeof(GroupNotViableException))]
    [InlineData("sriov-vfs-enabled", typeof(VirtualFunctionsEnabledException))]
    [InlineData("iommu-off", typeof(IommuUnavailableException))]
    public async Task SwitchToVfioAsync_NotViable_ThrowsTypedAndWritesNothing(string topology, Type expected)
    {
        using var vfio = new VfioFixture(SimulatedTopologies.All.Single(t => t.Name == topology));
        var gpu = vfio.Discovery.GetNvidiaGpus()[0].Address;

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(gpu));

        (await act.Should().ThrowAsync<VfioException>()).Which.Should().BeOfType(expected);
        vfio.Host.Kernel.Writes.Should().BeEmpty();
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task SwitchToVfioAsync_GpuHeld_ThrowsGpuBusyNamingHolderWritesNothingAndLogsNoFailure()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var holder = vfio.Host.AddHolder(vfio.Host.GpuNode(0), "dcgm-exporter", "0::/system.slice/nvidia-dcgm.service");

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        var error = (await act.Should().ThrowAsync<GpuBusyException>()).Which;
        error.Holders.Should().ContainSingle().Which.Pid.Should().Be(holder.Pid);
        vfio.Host.Kernel.Writes.Should().BeEmpty();
        vfio.Logs.GetSnapshot().Should().NotContain(
            r => r.Id.Id == VfioEventIds.SwitchFailed || r.Id.Id == VfioEventIds.RollbackStarting,
            "a GPU held before the first write is no failure: the caller may wait for its holders and switch again");
    }

    [Fact]
    public async Task SwitchToVfioAsync_BusyUnbind_RollsBackAndReportsTheStep()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.BusyUnbind);

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        var error = (await act.Should().ThrowAsync<DriverSwitchFailedException>()).Which;
        error.Step.Should().Be(VfioStep.Unbind);
        error.Device.Should().Be(Addresses.SxmGpu);
        error.RolledBack.Should().BeTrue();
        error.InnerException.Should().BeOfType<IOException>().Which.Message.Should().Contain("busy");
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Host.Kernel.Writes.Last().Should().Be(new KernelWrite("proc/driver/nvidia/gpus/0000:1b:00.0/unbindLock", "0"), "the unbindLock taken is handed back");
    }

    [Fact]
    public async Task SwitchToVfioAsync_BindFailure_RollsBackToNvidia()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.BindFailure, times: 1);

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        var error = (await act.Should().ThrowAsync<DriverSwitchFailedException>()).Which;
        error.Step.Should().Be(VfioStep.Bind);
        error.RolledBack.Should().BeTrue();
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Host.Kernel.Writes.Should().Contain(new KernelWrite("sys/bus/pci/drivers/nvidia/bind", "0000:1b:00.0"));
    }

    [Fact]
    public async Task SwitchToVfioAsync_CompanionBindFails_RollsBackBothInReverseOrder()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());
        vfio.Host.Kernel.Inject(Addresses.WorkstationAudio, SimulatedFault.BindFailure, times: 1);

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.WorkstationGpu));

        (await act.Should().ThrowAsync<DriverSwitchFailedException>()).Which.Device.Should().Be(Addresses.WorkstationAudio);
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        var rebinds = vfio.Host.Kernel.Writes.Where(w => w.Path is "sys/bus/pci/drivers/snd_hda_intel/bind" or "sys/bus/pci/drivers/nvidia/bind").Select(w => w.Value);
        rebinds.Should().Equal(["0000:01:00.1", "0000:01:00.0"], "rollback runs in reverse order");
    }

    [Fact]
    public async Task SwitchToVfioAsync_SlowBind_CompletesAfterTheDelay()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.SlowBind, delay: TimeSpan.FromMilliseconds(200));

        await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
    }

    [Fact]
    public async Task SwitchToVfioAsync_HangingUnbind_TimesOutFailsRetriesFastAndRestoreRecovers()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200(), o => o.SysfsWriteTimeout = TimeSpan.FromMilliseconds(300));
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);
        var hang = vfio.Host.Kernel.Hang(Addresses.SxmGpu, VfioStep.Unbind);
        using var timeouts = new MetricCollector<long>(null, VfioMetrics.MeterName, "nvidia_dra.vfio.sysfs_write.timeouts");

        var first = () => vfio.Switch.SwitchToVfioAsync(plan);
        var timedOut = (await first.Should().ThrowAsync<DriverSwitchTimeoutException>()).Which;

        timedOut.Step.Should().Be(VfioStep.Unbind);
        timeouts.GetMeasurementSnapshot().Should().NotBeEmpty("a stuck write is visible in metrics");
        timedOut.Message.Should().Contain("0000:1b:00.0").And.Contain("in flight");
        hang.Entered.Should().BeTrue();
        var retry = () => vfio.NewSwitch().SwitchToVfioAsync(plan);
        await retry.Should().ThrowAsync<DriverSwitchInFlightException>().WithMessage("*0000:1b:00.0*Unbind*");

        hang.Release();
        await WaitUntilAsync(() => !InFlightRegistry.IsInFlight(vfio.Host.SysfsRoot, Addresses.SxmGpu));
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().BeNull("the stuck unbind completed after the caller gave up");
        await vfio.NewSwitch().RestoreAsync(plan.PriorState);
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == VfioEventIds.WriteTimedOut).And.Contain(r => r.Id.Id == VfioEventIds.StuckWriteReturned);
    }

    [Fact]
    public async Task SwitchToVfioAsync_CancelledWhileBindIsInTheKernel_ReturnsPromptlyAndRestoreRecovers()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);
        var hang = vfio.Host.Kernel.Hang(Addresses.SxmGpu, VfioStep.Bind);
        using var cancellation = new CancellationTokenSource();

        var switching = vfio.Switch.SwitchToVfioAsync(plan, cancellation.Token);
        await WaitUntilAsync(() => hang.Entered);
        await cancellation.CancelAsync();

        var act = () => switching;
        await act.Should().ThrowAsync<OperationCanceledException>();
        InFlightRegistry.IsInFlight(vfio.Host.SysfsRoot, Addresses.SxmGpu).Should().BeTrue("the bind is still in the kernel");
        hang.Release();
        await WaitUntilAsync(() => !InFlightRegistry.IsInFlight(vfio.Host.SysfsRoot, Addresses.SxmGpu));
        await vfio.NewSwitch().RestoreAsync(plan.PriorState);
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task SwitchToVfioAsync_UnbindLockDenied_RetriesBoundedThenThrowsWithoutUnbinding()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.UnbindLockDenied);

        var act = () => vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        (await act.Should().ThrowAsync<UnbindLockDeniedException>()).Which.Attempts.Should().Be(5);
        vfio.Host.Kernel.Writes.Should().HaveCount(5).And.OnlyContain(w => w.Path.EndsWith("unbindLock", StringComparison.Ordinal));
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task SwitchToVfioAsync_NvidiaProcfsMissingWhileOnNvidia_ThrowsCouldNotCheckWithoutWriting()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);
        Directory.Delete(Path.Join(vfio.Host.ProcRoot, "driver/nvidia"), recursive: true);

        var act = () => vfio.Switch.SwitchToVfioAsync(plan);

        (await act.Should().ThrowAsync<HolderScanUnavailableException>()).Which.Message.Should().Contain("does not exist although the GPU is on nvidia");
        vfio.Host.Kernel.Writes.Should().BeEmpty("a missing /proc/driver/nvidia is not 'no unbindLock to take'");
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("nvidia");
    }

    [Fact]
    public async Task SwitchToVfioAsync_NvidiaProcfsGoneAfterTheHolderCheck_TheUnbindLockStepRefusesBeforeTheUnbind()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);
        var entry = Path.Join(vfio.Host.ProcRoot, "driver/nvidia/gpus", Addresses.SxmGpu.ToString());

        // The holder check finds the GPU free, then nvidia's procfs entry is gone (the module going away meanwhile):
        // the unbindLock step, not the holder check, is the one that must refuse.
        var scanner = new AfterScan(vfio.Holders, () => Directory.Delete(entry, recursive: true));
        var driverSwitch = new DriverSwitch(vfio.Options, vfio.Resolver, scanner, vfio.Host.FileSystem, TimeProvider.System, vfio.LoggerFactory);

        var act = () => driverSwitch.SwitchToVfioAsync(plan);

        (await act.Should().ThrowAsync<HolderScanUnavailableException>()).Which.Message.Should().Contain("so its unbindLock cannot be taken");
        scanner.Scans.Should().Be(1);
        vfio.Host.Kernel.Writes.Should().NotContain(w => w.Path.EndsWith("/unbind", StringComparison.Ordinal), "a missing /proc/driver/nvidia is not 'no unbindLock to take'");
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("nvidia");
    }

    [Fact]
    public async Task SwitchToVfioAsync_OnlyTheUnbindLockFileMissing_OlderDriverSwitchesWithoutIt()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);
        File.Delete(Path.Join(vfio.Host.ProcRoot, "driver/nvidia/gpus/0000:1b:00.0/unbindLock"));

        await vfio.Switch.SwitchToVfioAsync(plan);

        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
        vfio.Host.Kernel.Writes.Should().NotContain(w => w.Path.EndsWith("unbindLock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwitchToVfioAsync_UnbindLockDeniedTwice_SucceedsOnThirdAttempt()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.UnbindLockDenied, times: 2);

        await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));

        vfio.Host.Kernel.Writes.Count(w => w.Path.EndsWith("unbindLock", StringComparison.Ordinal)).Should().Be(3);
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
    }

    [Fact]
    public async Task SwitchToVfioAsync_DeviceChangedSincePlanning_ThrowsStalePlan()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var plan = vfio.Planner.Plan(Addresses.SxmGpu);
        vfio.Host.FileSystem.File.WriteAllText(Path.Join(vfio.Host.SysfsRoot, "bus/pci/devices/0000:1b:00.0/driver_override"), "nvidia");

        var act = () => vfio.Switch.SwitchToVfioAsync(plan);

        await act.Should().ThrowAsync<StaleSwitchPlanException>().WithMessage("*override nvidia*plan again*");
    }

    [Fact]
    public async Task RestoreAsync_FreshProcessAfterCrashBetweenUnbindAndBind_ReturnsToRecordedState()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());
        var persisted = vfio.Planner.Plan(Addresses.WorkstationGpu).PriorState.ToJson();
        // The crash: override set and GPU unbound, audio untouched.
        vfio.Host.FileSystem.File.WriteAllText(Path.Join(vfio.Host.SysfsRoot, "bus/pci/drivers/nvidia/unbind"), "0000:01:00.0");
        vfio.Host.FileSystem.File.WriteAllText(Path.Join(vfio.Host.SysfsRoot, "bus/pci/devices/0000:01:00.0/driver_override"), "vfio-pci");

        await vfio.NewSwitch().RestoreAsync(DriverSwitchRecord.FromJson(persisted));

        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task RestoreAsync_CrashAfterOverrideOnly_ClearsOverride()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = vfio.Planner.Plan(Addresses.SxmGpu).PriorState;
        vfio.Host.FileSystem.File.WriteAllText(Path.Join(vfio.Host.SysfsRoot, "bus/pci/devices/0000:1b:00.0/driver_override"), "vfio-pci");

        await vfio.NewSwitch().RestoreAsync(record);

        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Host.Kernel.Writes.Should().NotContain(w => w.Path.EndsWith("unbind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestoreAsync_VmHoldsTheGroup_ThrowsGpuBusyAndChangesNothing()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        var writes = vfio.Host.Kernel.Writes.Count;
        vfio.Host.AddHolder(vfio.Host.VfioGroupNode(20), "virt-launcher", "0::/kubepods.slice/cri-containerd-feedbeef.scope");

        var act = () => vfio.Switch.RestoreAsync(record);

        await act.Should().ThrowAsync<GpuBusyException>().WithMessage("*virt-launcher*container feedbeef*");
        vfio.Host.Kernel.Writes.Should().HaveCount(writes);
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("vfio-pci");
    }

    [Fact]
    public async Task RestoreAsync_HolderKeptOnlyTheDeviceFd_ThrowsGpuBusyNamingTheVfioDeviceDescriptor()
    {
        // A device fd keeps the group in use after its owner closed the group fd: the unbind would block (real kernel).
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        var writes = vfio.Host.Kernel.Writes.Count;
        var holder = vfio.Host.AddHolder(vfio.Host.VfioGroupNode(20), "qemu-kvm");
        var device = holder.Open("anon_inode:[vfio-device]");
        holder.Close(3);

        var act = () => vfio.Switch.RestoreAsync(record);

        var busy = (await act.Should().ThrowAsync<GpuBusyException>().WithMessage("*qemu-kvm*")).Which;
        busy.Holders.Should().ContainSingle(h => h.Pid == holder.Pid && h.FileDescriptor == device && h.DevicePath == "anon_inode:[vfio-device]");
        vfio.Host.Kernel.Writes.Should().HaveCount(writes);
    }

    [Fact]
    public async Task RestoreAsync_VmOfAnotherGroupHoldsDeviceFds_IsNotAHolderOfThisOne()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());
        var first = new PciAddress(0, 0x18, 0, 0);
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(first));
        await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(new PciAddress(0, 0x2a, 0, 0)));
        var vm = vfio.Host.AddHolder(vfio.Host.VfioGroupNode(41), "qemu-kvm");
        vm.Open("anon_inode:[vfio-device]");
        vm.Open(Path.Join(vfio.Host.Root, "dev/vfio/vfio"));

        await vfio.Switch.RestoreAsync(record);

        vfio.Host.DriverOf(first).Should().Be("nvidia");
    }

    [Fact]
    public async Task RestoreAsync_UnattributableDeviceFdAndContainer_BothNamed()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        var holder = vfio.Host.AddHolder(Path.Join(vfio.Host.Root, "dev/vfio/vfio"), "qemu-kvm");
        holder.Open("anon_inode:[vfio-device]");

        var act = () => vfio.Switch.RestoreAsync(record);

        (await act.Should().ThrowAsync<GpuBusyException>()).Which.Holders.Select(h => h.DevicePath)
            .Should().BeEquivalentTo([Path.Join(vfio.Host.Root, "dev/vfio/vfio"), "anon_inode:[vfio-device]"]);
    }

    [Fact]
    public async Task RestoreAsync_AlreadyRestored_WritesNothing()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        await vfio.Switch.RestoreAsync(vfio.Planner.Plan(Addresses.SxmGpu).PriorState);

        vfio.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task RestoreAsync_PriorDriverBindFails_ThrowsDriverSwitchFailedNamingStep()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        vfio.Host.Kernel.Inject(Addresses.SxmGpu, SimulatedFault.BindFailure, times: 1);

        var act = () => vfio.Switch.RestoreAsync(record);

        var error = (await act.Should().ThrowAsync<DriverSwitchFailedException>()).Which;
        error.Step.Should().Be(VfioStep.Bind);
        error.RolledBack.Should().BeFalse();
        await vfio.Switch.RestoreAsync(record);
        vfio.Bindings().Should().Equal(vfio.InitialBindings(), "a second restore converges");
    }

    [Fact]
    public async Task SwitchToVfioAsync_TwoHgxGpusConcurrently_BothSwitch()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());
        var plans = vfio.Discovery.GetNvidiaGpus().Take(2).Select(g => vfio.Planner.Plan(g.Address)).ToList();

        await Task.WhenAll(plans.Select(p => vfio.Switch.SwitchToVfioAsync(p)));

        plans.Should().OnlyContain(p => vfio.Host.DriverOf(p.Gpu.Address) == "vfio-pci");
        vfio.Host.DriverOf(PciAddress.Parse("0000:3a:00.0")).Should().Be("nvidia");
    }

    [Fact]
    public void ReadBinding_Always_ReadsTheLiveState()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.AlreadyOnVfio());

        vfio.Switch.ReadBinding(Addresses.SxmGpu).Should().Be(new FunctionBinding(Addresses.SxmGpu, "vfio-pci", "vfio-pci"));
    }

    /// <summary>The real scanner, with an action run after each holder scan.</summary>
    private sealed class AfterScan(IDeviceHolderScanner inner, Action after) : IDeviceHolderScanner
    {
        public int Scans { get; private set; }

        public IReadOnlyList<DeviceHolder> FindHolders(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default) =>
            Scan(devicePaths, cancellationToken).Holders;

        public HolderScanResult Scan(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default)
        {
            var result = inner.Scan(devicePaths, cancellationToken);
            Scans++;
            after();
            return result;
        }

        public Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default) =>
            inner.WaitUntilFreeAsync(devicePath, timeout, device, cancellationToken);

        public string? GetGpuDeviceNode(PciAddress gpu) => inner.GetGpuDeviceNode(gpu);

        public IReadOnlyList<string> ListGpuDeviceNodes() => inner.ListGpuDeviceNodes();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should become true");
            await Task.Delay(10);
        }
    }
}
