using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Preflight;

namespace Nvidia.Dra.Core.Tests.Preflight;

public class PreflightEvaluatorTests
{
    private static readonly FeatureGateSet Passthrough = FeatureGateSet.Parse("PassthroughSupport=true,DeviceMetadata=true");

    private static HostPrerequisites Healthy() => new()
    {
        IommuEnabled = true,
        IommuFdAvailable = true,
        HostRootMounted = true,
        SysfsWritable = true,
        NvmlLibraryFound = true,
    };

    // What the captured h200-vm node shows: IOMMU off, no /dev/iommu, no /lib/modules.
    private static HostPrerequisites H200Vm() => Healthy() with
    {
        IommuEnabled = false,
        IommuFdAvailable = false,
        KernelModulesError = "/lib/modules/6.18.0/modules.alias: no such file",
    };

    [Fact]
    public void Evaluate_HealthyHost_NoFindingsPassthroughAvailable()
    {
        var report = PreflightEvaluator.Evaluate(Healthy(), Passthrough);

        report.Findings.Should().BeEmpty();
        report.CanStart.Should().BeTrue();
        report.PassthroughAvailable.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_IommuOffWithPassthrough_FatalWithKernelParameters()
    {
        var report = PreflightEvaluator.Evaluate(H200Vm(), Passthrough);

        report.CanStart.Should().BeFalse();
        var act = report.ThrowIfFatal;
        var ex = act.Should().Throw<PreflightException>().Which;
        ex.Message.Should().Contain("IOMMU is not enabled").And.Contain("intel_iommu=on").And.Contain("amd_iommu=on").And.Contain("PassthroughSupport=false");
        ex.Findings.Should().ContainSingle(f => f.Code == "IommuDisabled");
    }

    [Theory]
    [InlineData("/", "/sys/kernel/iommu_groups")]
    [InlineData("/host-root", "/host-root/sys/kernel/iommu_groups")]
    public void Evaluate_IommuOff_NamesThePathUnderTheHostRootOnce(string hostRoot, string path)
    {
        var report = PreflightEvaluator.Evaluate(H200Vm(), Passthrough, hostRoot: hostRoot);

        report.Findings.Single(f => f.Code == "IommuDisabled").Message.Should().Contain($"({path} is missing").And.NotContain("//");
    }

    [Fact]
    public void Evaluate_IommuOffWithoutPassthrough_StartsWithoutVfio()
    {
        var report = PreflightEvaluator.Evaluate(H200Vm(), FeatureGateSet.Defaults);

        report.Findings.Should().BeEmpty();
        report.CanStart.Should().BeTrue();
        report.PassthroughAvailable.Should().BeFalse();
    }

    public static TheoryData<string, HostPrerequisites, PreflightSeverity> SingleProblems() => new()
    {
        { "NvmlLibraryMissing", Healthy() with { NvmlLibraryFound = false }, PreflightSeverity.Fatal },
        { "NvmlInitFailed", Healthy() with { NvmlInitError = "NVML_ERROR_DRIVER_NOT_LOADED" }, PreflightSeverity.Fatal },
        { "IommuDisabled", Healthy() with { IommuEnabled = false }, PreflightSeverity.Fatal },
        { "HostRootMissing", Healthy() with { HostRootMounted = false }, PreflightSeverity.DisablesPassthrough },
        { "KernelModulesUnreadable", Healthy() with { KernelModulesError = "no /lib/modules" }, PreflightSeverity.DisablesPassthrough },
        { "SysfsReadOnly", Healthy() with { SysfsWritable = false }, PreflightSeverity.DisablesPassthrough },
        { "HostToolsMissing", Healthy() with { MissingHostTools = ["modprobe"] }, PreflightSeverity.DisablesPassthrough },
        { "IommuFdProbeFailed", Healthy() with { IommuFdProbeError = "EACCES" }, PreflightSeverity.DisablesPassthrough },
        { "PciEnumerationFailed", Healthy() with { PciEnumerationError = "EIO" }, PreflightSeverity.DisablesPassthrough },
        { "IommuFdUnavailable", Healthy() with { IommuFdAvailable = false }, PreflightSeverity.Warning },
    };

    [Theory]
    [MemberData(nameof(SingleProblems))]
    public void Evaluate_SingleProblem_ClassifiedAsTheTableSays(string code, HostPrerequisites facts, PreflightSeverity severity)
    {
        var report = PreflightEvaluator.Evaluate(facts, Passthrough);

        var finding = report.Findings.Should().ContainSingle().Which;
        finding.Code.Should().Be(code);
        finding.Severity.Should().Be(severity);
        finding.Remedy.Should().NotBeNullOrWhiteSpace();
        report.CanStart.Should().Be(severity != PreflightSeverity.Fatal);
        report.PassthroughAvailable.Should().Be(severity == PreflightSeverity.Warning);
    }

    [Fact]
    public void Evaluate_PassthroughOnlyProblemsWithGateOff_Ignored()
    {
        var facts = Healthy() with { HostRootMounted = false, SysfsWritable = false, IommuEnabled = false };

        PreflightEvaluator.Evaluate(facts, FeatureGateSet.Defaults).Findings.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_SeveralProblems_FatalFirst()
    {
        var facts = Healthy() with { HostRootMounted = false, NvmlLibraryFound = false, IommuFdAvailable = false };

        var report = PreflightEvaluator.Evaluate(facts, Passthrough, hostRoot: "/hr");

        report.Findings.Select(f => f.Severity).Should().BeInDescendingOrder();
        report.Findings[0].Code.Should().Be("NvmlLibraryMissing");
        report.Findings.Should().Contain(f => f.Message.Contains("/hr", StringComparison.Ordinal));
    }
}
