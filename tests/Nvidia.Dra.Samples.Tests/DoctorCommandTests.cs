using System.CommandLine;
using System.Text.Json;
using Nvidia.Dra.Cli.Doctor;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Samples.Tests;

public sealed class DoctorCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { DoctorCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
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
        output.Should().StartWith("STATUS").And.Contain("0 blocking, 0 warnings");
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
        error.Should().Contain("Unknown topology 'no-such-node'");
    }
}
