using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Tests.Doctor;

public sealed class GpuChecksTests
{
    private const string SxmGpu = "0000:1b:00.0";

    [Fact]
    public async Task GpuDriver_OnNvidia_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("gpu-driver", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().StartWith("bound to nvidia");
        finding.Evidence.Should().Contain(e => e.StartsWith("device node ", StringComparison.Ordinal) && e.EndsWith("/dev/nvidia0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("already-on-vfio", "bound to vfio-pci already")]
    [InlineData("driverless", "no driver bound")]
    public async Task GpuDriver_OnVfioOrNone_Ok(string topology, string summary)
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.All.Single(t => t.Name == topology));

        var finding = await harness.RunAsync("gpu-driver", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().StartWith(summary);
    }

    [Fact]
    public async Task GpuDriver_OnAnotherDriver_Blocking()
    {
        var topology = SimulatedTopologies.Driverless();
        topology = topology with { Functions = [topology.Functions[0] with { Driver = "nouveau" }] };
        using var harness = DoctorHarness.For(topology);

        var finding = await harness.RunAsync("gpu-driver", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain("nouveau");
    }

    [Fact]
    public async Task GpuDriver_NoGpus_OneNodeWarningAndNoOtherPerGpuFindings()
    {
        using var harness = DoctorHarness.For(new SimulatedTopology { Name = "no-gpu", Functions = [] });

        var report = await harness.RunAsync();

        report.Findings.Where(f => f.Check is "gpu-driver" or "iommu-group" or "sr-iov" or "gpu-holders")
            .Should().ContainSingle().Which.Should().Match<DoctorFinding>(f => f.Check == "gpu-driver" && f.Status == DoctorStatus.Warning);
    }

    [Fact]
    public async Task IommuGroup_GpuWithBridgeOnly_OkNamesGroup()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("iommu-group", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("IOMMU group 20 is viable");
        finding.Evidence.Should().Contain(e => e.StartsWith("0000:1a:00.0 stays", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IommuGroup_NicSharesGroup_BlockingNamesNic()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.GroupSharedWithNic());

        var finding = await harness.RunAsync("iommu-group", "0000:41:00.0");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain("0000:42:00.0");
        finding.Evidence.Should().Contain(e => e.Contains("mlx5_core", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IommuGroup_IommuOff_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.IommuOff());

        var finding = await harness.RunAsync("iommu-group", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain("no IOMMU group");
    }

    [Fact]
    public async Task VirtualFunctions_VfsEnabled_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SriovVfsEnabled());

        var finding = await harness.RunAsync("sr-iov", "0000:81:00.0");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().StartWith("2 SR-IOV virtual functions");
    }

    [Fact]
    public async Task VirtualFunctions_NoSriov_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("sr-iov", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Evidence.Should().Equal("no SR-IOV capability (no sriov_totalvfs)");
    }

    [Fact]
    public async Task GpuHolders_NobodyHolds_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("gpu-holders", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().StartWith("no process holds").And.EndWith("/dev/nvidia0");
    }

    [Fact]
    public async Task GpuHolders_ContainerisedExporter_WarningNamesPidContainerAndKind()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var holder = harness.Hold(
            0,
            "dcgm-exporter",
            "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6f1c2d3e_4a5b_6c7d_8e9f_0a1b2c3d4e5f.slice/cri-containerd-5b1f0c.scope",
            "containers/dcgm/rootfs/dev/nvidia0");

        var finding = await harness.RunAsync("gpu-holders", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Evidence.Should().ContainSingle().Which.Should()
            .StartWith($"PID {holder.Pid} dcgm-exporter (container 5b1f0c (pod 6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f))")
            .And.EndWith("[dcgm-exporter]");
    }

    [Fact]
    public async Task GpuHolders_Xorg_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.Hold(0, "Xorg", "0::/system.slice/gdm.service");

        var finding = await harness.RunAsync("gpu-holders", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Evidence.Should().ContainSingle().Which.Should().EndWith("[display manager]");
    }

    [Fact]
    public async Task GpuHolders_OnlyPersistenced_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.Hold(0, "nvidia-persiste", "0::/system.slice/nvidia-persistenced.service");

        var finding = await harness.RunAsync("gpu-holders", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("nvidia-persistenced");
    }

    [Fact]
    public async Task GpuHolders_HeldOnlyByTheDoctorsOwnProcess_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var self = harness.Hold(0, "nvdra");
        File.CreateSymbolicLink(Path.Join(harness.Host.ProcRoot, "self"), self.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        harness.Hold(0, "cuda-app");

        var finding = await harness.RunAsync("gpu-holders", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Evidence.Should().ContainSingle().Which.Should().Contain("cuda-app");
    }

    [Fact]
    public async Task GpuHolders_ScanReportsUninspectableProcesses_WarningThatTheScanIsIncomplete()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var spy = new ScanSpy(new DeviceHolderScanner(harness.Host.Options, harness.Host.FileSystem), uninspectable: 1);

        var report = await harness.RunAsync(services => services.Replace(ServiceDescriptor.Singleton<IDeviceHolderScanner>(spy)));

        var finding = report.Findings.Single(f => f.Check == "gpu-holders" && f.Subject == SxmGpu);
        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Evidence.Should().ContainSingle().Which.Should().StartWith("1 processes could not be inspected");
        finding.Remedy.Should().Contain("as root");
        spy.Scans.Should().Be(1, "one walk of /proc gives holders and the uninspectable count together");
    }

    [Fact]
    public async Task GpuHolders_ScanIsComplete_DoctorDoesNotWalkProcAgainThroughTheFileSystem()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        var pid = harness.AddProcess("hidden");
        var fd = Path.Join(harness.Host.ProcRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "fd");

        // The file system would deny this process's descriptors; the engine's scanner (libc, as root) inspected it.
        var report = await harness.RunAsync(services => services.Replace(ServiceDescriptor.Singleton<IFileSystem>(new DenyingFileSystem(fd))));

        var finding = report.Findings.Single(f => f.Check == "gpu-holders" && f.Subject == SxmGpu);
        finding.Status.Should().Be(DoctorStatus.Ok, "the doctor's view of holders is the scanner's");
    }

    [Fact]
    public async Task CheckpointRecords_GpuOnVfioWithOurClaimSpecAndNoCheckpoint_BlockingNamingTheFiles()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.AlreadyOnVfio());
        const string uid = "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5b";
        var spec = Path.Join(harness.Host.Root, "var/run/cdi", $"k8s.gpu.nvidia.com-claim_{uid}.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        File.WriteAllText(spec, $"cdiVersion: 0.5.0\nkind: k8s.gpu.nvidia.com/claim\ndevices:\n  - name: {uid}-gpu-vfio-0000-1b-00-0\n    containerEdits:\n      deviceNodes:\n        - path: /dev/vfio/21\n");

        var finding = await harness.RunAsync("checkpoint-records", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain(uid).And.Contain("lost or deleted");
        finding.Evidence.Should().ContainSingle().Which.Should().EndWith(Path.GetFileName(spec));
    }

    [Fact]
    public async Task CheckpointRecords_OnlyTheMetadataSpecLeft_BlockingNamingItFromTheMetadataFileUnderTheHostRoot()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.AlreadyOnVfio());
        const string uid = "7d3e9a10-2b4c-4e5f-8a9b-0c1d2e3f4a5b";
        const string hostFile = "/var/lib/kubelet/plugins/gpu.nvidia.com/dra-device-metadata/vms_vm1/gpu/metadata.json";
        var spec = Path.Join(harness.Host.Root, "var/run/cdi", $"gpu.nvidia.com_metadata_{uid}_gpu.json");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        File.WriteAllText(spec, $$$"""{"cdiVersion":"0.5.0","kind":"gpu.nvidia.com/metadata","devices":[{"name":"{{{uid}}}_gpu","containerEdits":{"mounts":[{"hostPath":"{{{hostFile}}}","containerPath":"/var/run/kubernetes.io/dra-device-attributes/resourceclaims/vm1/gpu/gpu.nvidia.com-metadata.json"}]}}]}""");
        var metadata = Path.Join(harness.Host.Root, hostFile);
        Directory.CreateDirectory(Path.GetDirectoryName(metadata)!);
        File.WriteAllText(metadata, $$$"""{"apiVersion":"metadata.resource.k8s.io/v1alpha1","kind":"DeviceMetadata","metadata":{"name":"vm1","namespace":"vms","uid":"{{{uid}}}","generation":1},"requests":[{"name":"gpu","devices":[{"driver":"gpu.nvidia.com","pool":"node-a","name":"gpu-vfio-0000-1b-00-0","attributes":{}}]}]}""" + "\n");

        var finding = await harness.RunAsync("checkpoint-records", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain(uid).And.Contain("lost or deleted");
        finding.Evidence.Should().ContainSingle().Which.Should().EndWith(Path.GetFileName(spec));
    }

    [Fact]
    public async Task CheckpointRecords_NoClaimSpecs_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.AlreadyOnVfio());

        var finding = await harness.RunAsync("checkpoint-records");

        finding.Status.Should().Be(DoctorStatus.Ok);
    }

    [Fact]
    public async Task GpuHolders_GpuOnVfio_OkWithoutScan()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.AlreadyOnVfio());

        var finding = await harness.RunAsync("gpu-holders", SxmGpu);

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("not on nvidia");
    }

    [Fact]
    public async Task H200VmCapture_ReportsIommuOffBlockingAndGpuOnNvidiaWithoutHolders()
    {
        using var harness = DoctorHarness.ForH200Capture();

        var report = await harness.RunAsync();

        report.HasBlocking.Should().BeTrue();
        report.Findings.Single(f => f.Check == "iommu").Status.Should().Be(DoctorStatus.Blocking);
        var driver = report.Findings.Single(f => f.Check == "gpu-driver");
        driver.Subject.Should().Be("0000:00:06.0");
        driver.Status.Should().Be(DoctorStatus.Ok);
        driver.Evidence.Should().Contain("driver nvidia, driver_override (null)");
        var holders = report.Findings.Single(f => f.Check == "gpu-holders");
        holders.Status.Should().Be(DoctorStatus.Ok);
        holders.Summary.Should().Be($"no process holds {Path.Join(harness.Host.Root, "dev/nvidia0")}");
        report.Findings.Single(f => f.Check == "iommu-group").Status.Should().Be(DoctorStatus.Blocking);
        report.Findings.Single(f => f.Check == "vfio-modules").Status.Should().Be(DoctorStatus.Blocking);
        report.Findings.Single(f => f.Check == "nvml").Evidence.Should().Contain("0000:00:06.0: NVIDIA H200 GPU-122ef966-d249-165e-83be-8b5eb3f4e8b9");
        report.Findings.Where(f => f.Check is "display-manager" or "nvidia-device-plugin" or "nvidia-persistenced" or "dcgm" or "dcgm-exporter")
            .Should().HaveCount(5).And.OnlyContain(f => f.Status == DoctorStatus.Ok);
    }
}
