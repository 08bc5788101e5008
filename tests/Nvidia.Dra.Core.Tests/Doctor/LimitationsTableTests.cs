using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Doctor;

/// <summary>One test pair per row of the NVIDIA guide's limitations table.</summary>
public sealed class LimitationsTableTests
{
    [Fact]
    public async Task DisplayManager_NotRunning_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        (await harness.RunAsync("display-manager")).Status.Should().Be(DoctorStatus.Ok);
    }

    [Fact]
    public async Task DisplayManager_RunningWithoutGpu_Warning()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var pid = harness.AddProcess("gdm3", "/usr/sbin/gdm3", "0::/system.slice/gdm.service");

        var finding = await harness.RunAsync("display-manager");

        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Evidence.Should().Contain($"PID {pid} gdm3 (unit gdm.service): /usr/sbin/gdm3");
    }

    [Fact]
    public async Task DisplayManager_XorgHoldsGpu_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.Hold(0, "Xorg", "0::/system.slice/display-manager.service");

        var finding = await harness.RunAsync("display-manager");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Remedy.Should().Contain("systemctl disable --now display-manager");
    }

    [Fact]
    public async Task DevicePlugin_Absent_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        (await harness.RunAsync("nvidia-device-plugin")).Status.Should().Be(DoctorStatus.Ok);
    }

    [Fact]
    public async Task DevicePlugin_ProcessInPod_BlockingNamesContainer()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var pid = harness.AddProcess(
            "nvidia-device-p",
            "/usr/bin/nvidia-device-plugin --fail-on-init-error=false",
            "0::/kubepods.slice/kubepods-pod0c1d2e3f_0000_1111_2222_333344445555.slice/cri-containerd-ab12cd.scope");

        var finding = await harness.RunAsync("nvidia-device-plugin");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Evidence.Should().ContainSingle().Which.Should().StartWith($"PID {pid} nvidia-device-p (container ab12cd");
    }

    [Fact]
    public async Task DevicePlugin_SocketOnly_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.AddDevicePluginSocket();

        var finding = await harness.RunAsync("nvidia-device-plugin");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Evidence.Should().ContainSingle().Which.Should().EndWith("var/lib/kubelet/device-plugins/nvidia-gpu.sock");
    }

    [Fact]
    public async Task DevicePlugin_OtherPluginSocket_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.AddDevicePluginSocket("kubelet.sock");

        (await harness.RunAsync("nvidia-device-plugin")).Status.Should().Be(DoctorStatus.Ok);
    }

    [Fact]
    public async Task Persistenced_NotRunning_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("nvidia-persistenced");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Be("nvidia-persistenced is not running");
    }

    [Fact]
    public async Task Persistenced_Running_OkWithV040Note()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200() with { PersistencedRunning = true });
        harness.AddProcess("nvidia-persiste", "/usr/bin/nvidia-persistenced --user nvidia-persistenced", "0::/system.slice/nvidia-persistenced.service");

        var finding = await harness.RunAsync("nvidia-persistenced");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("v0.4.0");
        finding.Evidence.Should().HaveCount(2).And.Contain(e => e.StartsWith("socket ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dcgm_NotRunning_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        (await harness.RunAsync("dcgm")).Status.Should().Be(DoctorStatus.Ok);
    }

    [Fact]
    public async Task Dcgm_HostEngineHoldsGpu_WarningWithV450Remedy()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.Hold(0, "nv-hostengine", "0::/system.slice/nvidia-dcgm.service");

        var finding = await harness.RunAsync("dcgm");

        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Summary.Should().Contain("holds GPUs");
        finding.Remedy.Should().Contain("v4.5.0");
    }

    [Fact]
    public async Task DcgmExporter_NotRunning_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        (await harness.RunAsync("dcgm-exporter")).Status.Should().Be(DoctorStatus.Ok);
    }

    [Fact]
    public async Task DcgmExporter_RunningWithoutWatch_Warning()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.AddProcess("dcgm-exporter", "/usr/bin/dcgm-exporter", environment: "PATH=/usr/bin DCGM_EXPORTER_ENABLE_GPU_BIND_UNBIND_WATCH=false");

        var finding = await harness.RunAsync("dcgm-exporter");

        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Remedy.Should().Contain("DCGM_EXPORTER_ENABLE_GPU_BIND_UNBIND_WATCH=true");
    }

    [Fact]
    public async Task DcgmExporter_RunningWithBindUnbindWatch_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var pid = harness.AddProcess("dcgm-exporter", "/usr/bin/dcgm-exporter", environment: "DCGM_EXPORTER_ENABLE_GPU_BIND_UNBIND_WATCH=true DCGM_EXPORTER_GPU_BIND_UNBIND_POLL_INTERVAL=1s");

        var finding = await harness.RunAsync("dcgm-exporter");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Evidence.Should().Contain($"PID {pid} has DCGM_EXPORTER_ENABLE_GPU_BIND_UNBIND_WATCH=true");
    }
}
