using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

/// <summary>Discovery on the real h200-vm node capture (see its README for the facts asserted here).</summary>
public sealed class H200VmCaptureTests : IDisposable
{
    private readonly SimulatedHost _host = SimulatedHost.FromCapture(NodeCaptures.H200Vm);

    [Fact]
    public void GetNvidiaGpus_H200Vm_FindsTheH200OnNvidiaWithThreeBars()
    {
        var discovery = new PciDiscovery(_host.Options, _host.FileSystem);

        var gpu = discovery.GetNvidiaGpus().Should().ContainSingle().Subject;

        gpu.Address.Should().Be(Addresses.CaptureGpu);
        gpu.DeviceId.Should().Be(0x2335);
        gpu.ClassCode.Should().Be(0x030200);
        gpu.SubsystemDeviceId.Should().Be(0x18bf);
        gpu.Driver.Should().Be("nvidia");
        gpu.DriverOverride.Should().BeNull();
        gpu.IommuGroup.Should().BeNull();
        gpu.NumaNode.Should().BeNull();
        gpu.Bars.Select(b => (b.Index, b.Size, b.Is64Bit)).Should().Equal((0, 16UL << 20, true), (2, 256UL << 30, true), (4, 32UL << 20, true));
        gpu.Modalias.Should().Be("pci:v000010DEd00002335sv000010DEsd000018BFbc03sc02i00");
        gpu.PcieRoot.Should().Be("pci0000:00");
        discovery.GetFunctions().Should().HaveCount(7);
    }

    [Fact]
    public void GetState_H200Vm_ReportsIommuOffAndNoIommufd()
    {
        var state = new IommuInspector(_host.Options, _host.FileSystem).GetState();

        state.Enabled.Should().BeFalse();
        state.IommufdAvailable.Should().BeFalse();
        state.Reason.Should().Contain("IOMMU is disabled");
    }

    [Fact]
    public void Plan_H200Vm_RefusesBecauseIommuIsOff()
    {
        var discovery = new PciDiscovery(_host.Options, _host.FileSystem);
        var planner = new PassthroughPlanner(discovery, new IommuInspector(_host.Options, _host.FileSystem), new VfioDriverResolver(_host.Options, _host.FileSystem, _host.ModuleLoader));

        var plan = planner.Plan(Addresses.CaptureGpu);

        plan.Invoking(p => p.EnsureViable()).Should().Throw<IommuUnavailableException>();
        plan.VfioDriver.Module.Should().Be("vfio_pci", "the capture has no /lib/modules tree");
    }

    [Fact]
    public void GetGpuDeviceNode_H200Vm_IsNvidia0AndNobodyHoldsIt()
    {
        var scanner = new DeviceHolderScanner(_host.Options, _host.FileSystem);

        var node = scanner.GetGpuDeviceNode(Addresses.CaptureGpu);

        node.Should().Be(Path.Join(_host.DriverRoot, "dev/nvidia0"));
        scanner.FindHolders(node!).Should().BeEmpty();
        File.Exists(Path.Join(_host.ProcRoot, "driver/nvidia/gpus/0000:00:06.0/unbindLock")).Should().BeFalse();
        new PersistencedDetector(_host.Options, _host.FileSystem).IsRunning().Should().BeFalse();
    }

    public void Dispose() => _host.Dispose();
}
