using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Core.Tests.Doctor;

public sealed class NodeDoctorTests
{
    private static readonly string[] BuiltInChecks =
    [
        "iommu", "vfio-modules", "driver-root", "nvml", "gpu-driver", "iommu-group", "sr-iov", "gpu-holders",
        "display-manager", "nvidia-device-plugin", "nvidia-persistenced", "dcgm", "dcgm-exporter", "checkpoint-records",
    ];

    [Fact]
    public async Task RunAsync_HealthyNode_EveryCheckOkAndNotBlocking()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var report = await harness.RunAsync();

        report.Findings.Select(f => f.Check).Distinct().Should().Equal(BuiltInChecks);
        report.Findings.Should().OnlyContain(f => f.Status == DoctorStatus.Ok);
        report.HasBlocking.Should().BeFalse();
        report.Status.Should().Be(DoctorStatus.Ok);
    }

    public static TheoryData<string> Topologies() => [.. SimulatedTopologies.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task RunAsync_EverySimulatedTopology_EveryCheckRunsAndEachGpuIsReported(string name)
    {
        var topology = SimulatedTopologies.All.Single(t => t.Name == name);
        using var harness = DoctorHarness.For(topology);

        var report = await harness.RunAsync();

        report.Findings.Should().NotContain(f => f.Status == DoctorStatus.CouldNotCheck);
        var gpus = topology.Functions.Where(f => f.VendorId == 0x10de && f.ClassCode >> 8 is 0x0300 or 0x0302 && f.PhysicalFunction is null)
            .Select(f => f.Address.ToString());
        report.Findings.Where(f => f.Check == "gpu-driver").Select(f => f.Subject).Should().BeEquivalentTo(gpus);
    }

    [Fact]
    public void AddNvidiaDraDoctor_CalledTwice_RegistersEachCheckOnce()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        using var provider = harness.Services(services => services.AddNvidiaDraDoctor());

        provider.GetServices<IDoctorCheck>().Select(c => c.Name).Should().Equal(BuiltInChecks);
        provider.GetRequiredService<NodeDoctor>().CheckNames.Should().Equal(BuiltInChecks);
    }

    [Fact]
    public async Task RunAsync_HostCheckAddedWithTryAddEnumerable_RunsAfterBuiltIns()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var report = await harness.RunAsync(services => services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, GpuCountCheck>()));

        var last = report.Findings[^1];
        last.Check.Should().Be("gpu-count");
        last.Summary.Should().Be("1 GPUs");
    }

    [Fact]
    public async Task RunAsync_CheckThrows_CouldNotCheckNamesErrorAndItsRemedyAndOtherChecksStillRun()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var report = await harness.RunAsync(services => services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, ThrowingCheck>()));

        var failed = report.Findings.Single(f => f.Check == "throws");
        failed.Status.Should().Be(DoctorStatus.CouldNotCheck);
        failed.Summary.Should().Be("could not check: permission denied reading /proc/1/fd");
        failed.Remedy.Should().Contain("as root");
        report.Findings.Should().Contain(f => f.Check == "dcgm-exporter" && f.Status == DoctorStatus.Ok);
        report.Status.Should().Be(DoctorStatus.CouldNotCheck);
        report.HasBlocking.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_ProcRootMissing_ProcessChecksCouldNotCheckOnceWithTheCauseNeverOk()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        Directory.Delete(harness.Host.ProcRoot, recursive: true);

        var report = await harness.RunAsync();

        var processChecks = report.Findings.Where(f => f.Check is "gpu-holders" or "display-manager" or "nvidia-device-plugin" or "nvidia-persistenced" or "dcgm" or "dcgm-exporter").ToList();
        processChecks.Select(f => f.Check).Should().Equal("gpu-holders", "display-manager", "nvidia-device-plugin", "nvidia-persistenced", "dcgm", "dcgm-exporter");
        processChecks.Should().OnlyContain(f => f.Status == DoctorStatus.CouldNotCheck);
        var first = processChecks[0];
        first.Summary.Should().Be($"could not check: the proc root {harness.Host.ProcRoot} does not exist, so no process could be listed");
        first.Remedy.Should().Contain("--proc-root").And.NotContain("as root");
        processChecks.Skip(1).Should().OnlyContain(f => f.Summary == "could not check: the same cause as gpu-holders" && f.Remedy == null);
        report.Findings.Single(f => f.Check == "iommu").Status.Should().Be(DoctorStatus.Ok);
        report.Status.Should().Be(DoctorStatus.CouldNotCheck);
    }

    [Fact]
    public async Task ToJson_CouldNotCheck_IsItsOwnStatus()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());

        var report = await harness.RunAsync(services => services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, ThrowingCheck>()));

        using var json = JsonDocument.Parse(report.ToJson());
        json.RootElement.GetProperty("status").GetString().Should().Be("could-not-check");
        json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("check").GetString() == "throws")
            .GetProperty("status").GetString().Should().Be("could-not-check");
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.SxmH200());
        await using var provider = harness.Services();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = () => provider.GetRequiredService<NodeDoctor>().RunAsync(cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ToJson_BlockingReport_LowerCaseStatusesAndEveryFinding()
    {
        using var harness = DoctorHarness.For(SimulatedTopologies.IommuOff());
        var report = await harness.RunAsync();

        using var json = JsonDocument.Parse(report.ToJson());

        json.RootElement.GetProperty("status").GetString().Should().Be("blocking");
        var findings = json.RootElement.GetProperty("findings");
        findings.GetArrayLength().Should().Be(report.Findings.Count);
        var iommu = findings.EnumerateArray().Single(f => f.GetProperty("check").GetString() == "iommu");
        iommu.GetProperty("status").GetString().Should().Be("blocking");
        iommu.GetProperty("remedy").GetString().Should().Contain("intel_iommu=on");
        iommu.GetProperty("evidence").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public void NodeDoctor_NullArguments_Throw()
    {
        var create = () => new NodeDoctor(null!, null!, null!, null!, null!, null!);

        create.Should().Throw<ArgumentNullException>();
    }

    private sealed class GpuCountCheck : IDoctorCheck
    {
        public string Name => "gpu-count";

        public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DoctorFinding>>([new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, $"{context.Gpus.Count} GPUs", [])]);
    }

    private sealed class ThrowingCheck : IDoctorCheck
    {
        public string Name => "throws";

        public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken) =>
            throw new UnauthorizedAccessException("permission denied reading /proc/1/fd");
    }
}
