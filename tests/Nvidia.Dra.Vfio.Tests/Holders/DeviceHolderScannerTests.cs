using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class DeviceHolderScannerTests
{
    [Fact]
    public void FindHolders_SimulatedHolder_ReportsPidCommandAndUnit()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var node = vfio.Host.GpuNode(0);
        var holder = vfio.Host.AddHolder(node, "nvidia-persiste", "0::/system.slice/nvidia-persistenced.service");

        var found = vfio.Holders.FindHolders(node).Should().ContainSingle().Subject;

        found.Pid.Should().Be(holder.Pid);
        found.Command.Should().Be("nvidia-persiste");
        found.FileDescriptor.Should().Be(3);
        found.Owner.Should().Be(new HolderOwner(HolderOwnerKind.SystemdUnit, "nvidia-persistenced.service", null, "/system.slice/nvidia-persistenced.service"));
        found.ToGuideLine().Should().Be($"PID {holder.Pid} holds {node}");
    }

    [Fact]
    public void FindHolders_ContainerSeesNodeUnderAnotherPath_FoundByIdentity()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var node = vfio.Host.GpuNode(0);
        const string cgroup = "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6f1c2d3e_4a5b_6c7d_8e9f_0a1b2c3d4e5f.slice/cri-containerd-0123abcd.scope";
        vfio.Host.AddHolder(node, "dcgm-exporter", cgroup, containerPath: "containers/dcgm/rootfs/dev/nvidia0");

        var found = vfio.Holders.FindHolders(node).Should().ContainSingle().Subject;

        found.Command.Should().Be("dcgm-exporter");
        found.Owner.Kind.Should().Be(HolderOwnerKind.Container);
        found.Owner.Name.Should().Be("0123abcd");
        found.Owner.PodUid.Should().Be("6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f");
    }

    [Fact]
    public void FindHolders_OtherNodeHeld_ReturnsOnlyHoldersOfTheTarget()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());
        vfio.Host.AddHolder(vfio.Host.GpuNode(1), "trainer");
        var target = vfio.Host.AddHolder(vfio.Host.GpuNode(0), "dcgm");

        vfio.Holders.FindHolders(vfio.Host.GpuNode(0)).Select(h => h.Pid).Should().Equal(target.Pid);
        vfio.Holders.FindHolders([vfio.Host.GpuNode(0), vfio.Host.GpuNode(1)]).Should().HaveCount(2);
    }

    [Fact]
    public void FindHolders_AnonymousDescriptorOfThisProcess_FoundByItsLinkText()
    {
        // Every anonymous descriptor shares one inode; only the link text tells an eventfd from a VFIO device fd.
        var fd = EventFd(0, 0);
        fd.Should().BeGreaterThan(0);
        try
        {
            var scanner = new DeviceHolderScanner();

            var found = scanner.FindHolders(["anon_inode:[eventfd]", "anon_inode:[vfio-device]"]);

            found.Should().Contain(h => h.Pid == Environment.ProcessId && h.FileDescriptor == fd && h.DevicePath == "anon_inode:[eventfd]");
            found.Should().NotContain(h => h.DevicePath == "anon_inode:[vfio-device]" && h.Pid == Environment.ProcessId);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [Fact]
    public void FindHolders_HolderExited_NotReported()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.AddHolder(vfio.Host.GpuNode(0)).Exit();

        vfio.Holders.FindHolders(vfio.Host.GpuNode(0)).Should().BeEmpty();
    }

    [Fact]
    public void FindHolders_MissingNode_ThrowsInsteadOfReportingFree()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var missing = Path.Join(vfio.Host.Root, "dev/nvidia7");

        vfio.Invoking(v => v.Holders.FindHolders(missing)).Should().Throw<DeviceNodeNotFoundException>().Which.Path.Should().Be(missing);
    }

    [Fact]
    public void FindHolders_RealChildProcessOnRealProc_FoundByPid()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var node = vfio.Host.GpuNode(0);
        using var child = vfio.Host.StartRealHolder(node);
        var scanner = new DeviceHolderScanner(Microsoft.Extensions.Options.Options.Create(new VfioHostOptions { ProcRoot = "/proc" }));

        var found = scanner.FindHolders(node).Should().ContainSingle().Subject;

        found.Pid.Should().Be(child.Pid);
        found.Command.Should().Be("sleep");
        found.FileDescriptor.Should().Be(3);
    }

    [Fact]
    public void FindHolders_RealProc_WarnsOfAnIncompleteScanExactlyWhenSomeProcessCannotBeInspected()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200(), o => o.ProcRoot = "/proc");

        vfio.Holders.FindHolders(vfio.Host.GpuNode(0)).Should().BeEmpty();
        var warned = vfio.Logs.GetSnapshot().Any(r => r.Id.Id == VfioEventIds.HolderScanIncomplete);

        // The live /proc changes under any test: a warning must be backed by some process whose descriptors cannot be
        // listed or followed, and PID 1, which lives as long as the machine or container, must be seen either way.
        if (warned)
        {
            Directory.EnumerateDirectories("/proc").Any(CannotBeInspected).Should().BeTrue();
        }

        if (CannotBeInspected("/proc/1"))
        {
            warned.Should().BeTrue();
        }

        static bool CannotBeInspected(string directory)
        {
            try
            {
                // readlink fails with EACCES exactly where following the link does (File.Exists falls back to lstat
                // and would call such a link present).
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Join(directory, "fd")))
                {
                    File.ResolveLinkTarget(fd, returnFinalTarget: false);
                }

                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    [Fact]
    public void Scan_ProcRootMissing_ThrowsCouldNotCheckInsteadOfReportingFree()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var node = vfio.Host.GpuNode(0);
        Directory.Delete(vfio.Host.ProcRoot, recursive: true);

        var act = () => vfio.Holders.Scan([node]);

        act.Should().Throw<HolderScanUnavailableException>().Which.Path.Should().Be(vfio.Host.ProcRoot);
    }

    [Fact]
    public void Scan_RealProc_CountsTheProcessesItCouldNotInspectAndWarnsExactlyThen()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200(), o => o.ProcRoot = "/proc");

        var scan = vfio.Holders.Scan([vfio.Host.GpuNode(0)]);

        scan.Holders.Should().BeEmpty();
        var warned = vfio.Logs.GetSnapshot().Any(r => r.Id.Id == VfioEventIds.HolderScanIncomplete);
        warned.Should().Be(scan.UninspectableProcesses > 0);
        scan.IsComplete.Should().Be(scan.UninspectableProcesses == 0);
    }

    [Fact]
    public async Task WaitUntilFreeAsync_HolderExitsDuringWait_Returns()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var holder = vfio.Host.AddHolder(vfio.Host.GpuNode(0));
        _ = Task.Delay(100).ContinueWith(_ => holder.Exit(), TaskScheduler.Default);

        var wait = () => vfio.Holders.WaitUntilFreeAsync(vfio.Host.GpuNode(0), TimeSpan.FromSeconds(5), Addresses.SxmGpu);

        await wait.Should().CompleteWithinAsync(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task WaitUntilFreeAsync_StillHeldAtDeadline_ThrowsNamingHolders()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var holder = vfio.Host.AddHolder(vfio.Host.GpuNode(0), "dcgm-exporter", "0::/system.slice/nvidia-dcgm.service");

        var wait = () => vfio.Holders.WaitUntilFreeAsync(vfio.Host.GpuNode(0), TimeSpan.FromMilliseconds(100), Addresses.SxmGpu);

        var error = (await wait.Should().ThrowAsync<GpuBusyException>()).Which;
        error.Holders.Should().ContainSingle().Which.Pid.Should().Be(holder.Pid);
        error.Device.Should().Be(Addresses.SxmGpu);
        error.Message.Should().Contain($"PID {holder.Pid} (dcgm-exporter, unit nvidia-dcgm.service)");
    }

    [Fact]
    public async Task WaitUntilFreeAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        vfio.Host.AddHolder(vfio.Host.GpuNode(0));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var wait = () => vfio.Holders.WaitUntilFreeAsync(vfio.Host.GpuNode(0), TimeSpan.FromMinutes(1), null, cancellation.Token);

        await wait.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void GetGpuDeviceNode_GpuOnNvidia_ReadsMinorFromProcfs()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());

        vfio.Holders.GetGpuDeviceNode(PciAddress.Parse("0000:2a:00.0")).Should().Be(vfio.Host.GpuNode(1));
    }

    [Fact]
    public void GetGpuDeviceNode_GpuNotOnNvidia_ReturnsNull()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.AlreadyOnVfio());

        vfio.Holders.GetGpuDeviceNode(Addresses.SxmGpu).Should().BeNull();
    }

    [Fact]
    public void ListGpuDeviceNodes_Hgx_ListsEightNodesByMinor()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());

        vfio.Holders.ListGpuDeviceNodes().Should().Equal(Enumerable.Range(0, 8).Select(vfio.Host.GpuNode));
    }

    [Fact]
    public void PersistencedDetector_SocketAppears_ReportsRunning()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var detector = new PersistencedDetector(vfio.Options, vfio.Host.FileSystem);

        detector.IsRunning().Should().BeFalse();
        vfio.Host.StartPersistenced();
        detector.IsRunning().Should().BeTrue();
        detector.SocketPath.Should().Be(Path.Join(vfio.Host.DriverRoot, "run/nvidia-persistenced/socket"));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "eventfd")]
    private static extern int EventFd(uint initial, int flags);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
