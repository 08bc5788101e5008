using System.Text.Json;
using Nvidia.Dra.Cli.Doctor;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Samples.Tests.Cli;

public sealed class DoctorCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var run = await Nvdra.RunAsync(args);
        return (run.ExitCode, run.Output, run.Error);
    }

    [Fact]
    public async Task Doctor_H200VmCaptureJson_ExitsOneWithIommuBlockingAndGpuOnNvidia()
    {
        var (exitCode, output, _) = await RunAsync("doctor", "--simulate", "h200-vm", "--json");

        exitCode.Should().Be(1);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("status").GetString().Should().Be("blocking");
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.Single(f => f.GetProperty("check").GetString() == "iommu").GetProperty("status").GetString().Should().Be("blocking");
        var driver = findings.Single(f => f.GetProperty("check").GetString() == "gpu-driver");
        driver.GetProperty("subject").GetString().Should().Be("0000:00:06.0");
        driver.GetProperty("summary").GetString().Should().StartWith("bound to nvidia");
        findings.Single(f => f.GetProperty("check").GetString() == "gpu-holders").GetProperty("summary").GetString()
            .Should().Be("no process holds <sim-root>/dev/nvidia0");
        output.Should().Contain("<sim-root>/dev/nvidia0").And.NotContain("nvdra-sim-");
    }

    [Fact]
    public async Task Doctor_HealthySimulatedNodeTable_ExitsZero()
    {
        var (exitCode, output, _) = await RunAsync("doctor", "--simulate", "sxm-h200");

        exitCode.Should().Be(0);
        output.Should().StartWith("STATUS").And.Contain("0 blocking, 0 could not check, 0 warnings").And.EndWith("nothing blocks passthrough (exit code 0)\n");
    }

    [Fact]
    public async Task Doctor_HostRootOfATree_ReadsEveryRootUnderItAndFindsNoDriver()
    {
        using var host = SimulatedHost.Create(SimulatedTopologies.SxmH200());

        var (exitCode, output, _) = await RunAsync("doctor", "--host-root", host.Root, "--json");

        exitCode.Should().Be(1);
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => (f.GetProperty("check").GetString(), f.GetProperty("subject").GetString()), f => f.GetProperty("status").GetString());
        findings[("iommu", "node")].Should().Be("ok");
        findings[("vfio-modules", "node")].Should().Be("ok");
        findings[("gpu-driver", "0000:1b:00.0")].Should().Be("ok");
        findings[("gpu-holders", "0000:1b:00.0")].Should().Be("ok");
        findings[("driver-root", "node")].Should().Be("blocking");
        findings[("nvml", "node")].Should().Be("blocking");
    }

    [Fact]
    public async Task Doctor_UnknownTopology_ExitsTwo()
    {
        var (exitCode, _, error) = await RunAsync("doctor", "--simulate", "no-such-node");

        exitCode.Should().Be(2);
        error.Should().StartWith("nvdra doctor: --simulate no-such-node is not a simulated node: use one of sxm-h200");
    }

    [Fact]
    public async Task Doctor_ProcRootThatDoesNotExist_CouldNotCheckNeverOk()
    {
        using var host = SimulatedHost.Create(SimulatedTopologies.SxmH200());

        var (exitCode, output, _) = await RunAsync("doctor", "--host-root", host.Root, "--proc-root", "/nonexistent-nvdra-proc", "--json");

        exitCode.Should().Be(1, "the tree has no driver, which blocks; could-not-check never hides a blocker");
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        foreach (var check in new[] { "gpu-holders", "display-manager", "nvidia-device-plugin", "nvidia-persistenced", "dcgm", "dcgm-exporter" })
        {
            findings.Single(f => f.GetProperty("check").GetString() == check).GetProperty("status").GetString().Should().Be("could-not-check", check);
        }

        findings.Where(f => f.GetProperty("summary").GetString()!.Contains("/nonexistent-nvdra-proc does not exist", StringComparison.Ordinal))
            .Should().ContainSingle("the cause is named once; the other checks point to it");
        var remedies = findings.Select(f => f.TryGetProperty("remedy", out var remedy) ? remedy.GetString() : null).OfType<string>().ToList();
        remedies.Should().NotContain(r => r.Contains("as root", StringComparison.Ordinal), "the cause is a missing root, not permissions");
    }

    [Fact]
    public async Task Doctor_CouldNotCheckInTheTable_HasItsOwnLabelAndCount()
    {
        using var host = SimulatedHost.Create(SimulatedTopologies.SxmH200());

        var (_, output, _) = await RunAsync("doctor", "--host-root", host.Root, "--proc-root", "/nonexistent-nvdra-proc");

        output.Should().Contain("could not check  gpu-holders").And.Contain("6 could not check");
    }

    [Theory]
    [InlineData(new[] { DoctorStatus.Ok, DoctorStatus.Warning }, 0)]
    [InlineData(new[] { DoctorStatus.Ok, DoctorStatus.CouldNotCheck, DoctorStatus.Warning }, 2)]
    [InlineData(new[] { DoctorStatus.CouldNotCheck, DoctorStatus.Blocking }, 1)]
    public void ExitCode_BlockingFirstThenCouldNotCheck(DoctorStatus[] statuses, int exitCode)
    {
        var report = new DoctorReport([.. statuses.Select(s => new DoctorFinding("c", DoctorFinding.NodeSubject, s, "s", []))]);

        DoctorCommand.ExitCode(report).Should().Be(exitCode);
    }
}
