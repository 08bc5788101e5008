using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Doctor;

public sealed class HostChecksTests
{
    [Fact]
    public async Task Iommu_GroupsPresent_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("iommu");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("IOMMU enabled");
    }

    [Fact]
    public async Task Iommu_NoGroups_BlockingWithKernelParameters()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.IommuOff());

        var finding = await harness.RunAsync("iommu");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Remedy.Should().Contain("intel_iommu=on").And.Contain("amd_iommu=on");
    }

    [Fact]
    public async Task VfioModules_VfioPciLoaded_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("vfio-modules");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Evidence.Should().Contain(e => e.StartsWith("vfio_pci: loaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VfioModules_VariantNotLoadedButInModulesAlias_OkAndNamesVariant()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.GraceHopper());

        var finding = await harness.RunAsync("vfio-modules");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Evidence.Should().Contain(e => e.StartsWith("nvgrace_gpu_vfio_pci: not loaded; available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VfioModules_NotLoadedNorListed_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200() with { LoadedModules = ["nvidia"], ModuleAliases = [] });

        var finding = await harness.RunAsync("vfio-modules");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain("vfio_pci");
        finding.Remedy.Should().Contain("modprobe vfio_pci");
    }

    [Fact]
    public async Task VfioModules_ListedInModulesDepOnly_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200() with { LoadedModules = ["nvidia"], ModuleAliases = [] });
        File.WriteAllText(
            Path.Join(harness.Host.ModulesRoot, "6.18.0-sim", "modules.dep"),
            "kernel/drivers/vfio/pci/vfio-pci.ko.zst: kernel/drivers/vfio/pci/vfio-pci-core.ko.zst\n");

        var finding = await harness.RunAsync("vfio-modules");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Evidence.Should().ContainSingle().Which.Should().Contain("modules.dep");
    }

    [Fact]
    public async Task DriverRoot_DriverUnderConfiguredRoot_Ok()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("driver-root");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("driver root /");
    }

    [Fact]
    public async Task DriverRoot_DriverOnlyUnderGpuOperatorRoot_BlockingNamesIt()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200(), withDriver: false);
        harness.AddDriverFile("/run/nvidia/driver", "usr/bin/nvidia-smi");

        var finding = await harness.RunAsync("driver-root");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Remedy.Should().Contain("/run/nvidia/driver");
    }

    [Fact]
    public async Task DriverRoot_NoDriverAnywhere_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200(), withDriver: false);

        var finding = await harness.RunAsync("driver-root");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Evidence.Should().HaveCount(3);
    }

    [Fact]
    public async Task DriverRoot_DriverUnderTwoRoots_Warning()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.AddDriverFile("/home/kubernetes/bin/nvidia", "lib64/libnvidia-ml.so.1");

        var finding = await harness.RunAsync("driver-root");

        finding.Status.Should().Be(DoctorStatus.Warning);
        finding.Summary.Should().Contain("/home/kubernetes/bin/nvidia");
    }

    [Fact]
    public void DriverRootDetector_GkeRootOnly_DetectsGkeRoot()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200(), withDriver: false);
        harness.AddDriverFile("/home/kubernetes/bin/nvidia", "bin/nvidia-smi");

        var probe = DriverRootDetector.Detect(harness.Host.Root);

        probe.Should().NotBeNull();
        probe!.Root.Should().Be("/home/kubernetes/bin/nvidia");
        probe.Path.Should().Be(Path.Join(harness.Host.Root, "home/kubernetes/bin/nvidia"));
    }

    [Fact]
    public async Task Nvml_Initialises_OkWithDriverVersion()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var finding = await harness.RunAsync("nvml");

        finding.Status.Should().Be(DoctorStatus.Ok);
        finding.Summary.Should().Contain("580.159.04");
        finding.Evidence.Should().Contain(e => e.StartsWith("0000:1b:00.0: NVIDIA H200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nvml_LibraryMissing_BlockingListsSearchedPaths()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        harness.Nvml = new MissingNvml();

        var finding = await harness.RunAsync("nvml");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Evidence.Should().Equal("searched /driver/libnvidia-ml.so.1 (not found)");
    }

    [Fact]
    public async Task Nvml_InitFails_Blocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        ((SimulatedNvml)harness.Nvml).Fake.FailAlways("nvmlInitWithFlags", NvmlReturn.DriverNotLoaded);

        var finding = await harness.RunAsync("nvml");

        finding.Status.Should().Be(DoctorStatus.Blocking);
        finding.Summary.Should().Contain("NVML failed");
    }

    private sealed class MissingNvml : INvml
    {
        public NvmlSystemInfo GetSystemInfo() => throw new NvmlLibraryNotFoundException("not found", ["/driver/libnvidia-ml.so.1 (not found)"]);

        public IReadOnlyList<NvmlGpu> GetGpus() => throw new NotSupportedException();

        public NvmlGpu GetGpuByIndex(int index) => throw new NotSupportedException();

        public bool TryGetGpuByUuid(string uuid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NvmlGpu? gpu) => throw new NotSupportedException();

        public bool TryGetGpuByPciBusId(string pciBusId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NvmlGpu? gpu) => throw new NotSupportedException();

        public IReadOnlyList<int> GetComputeProcessIds(string pciBusId) => throw new NotSupportedException();

        public bool GetPersistenceMode(string pciBusId) => throw new NotSupportedException();

        public void SetPersistenceMode(string pciBusId, bool enabled) => throw new NotSupportedException();
    }
}
