using System.Text.Json;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Samples.Tests.Cli;

/// <summary>
/// Every subcommand over hostile or mistaken arguments: the exit code is the documented one, the failure is one line
/// on stderr naming the problem, and no stack frame reaches the user.
/// </summary>
public sealed class HostileArgumentsTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("nvdra-hostile-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>Arguments, exit code, and a part of the one-line error it must print on stderr.</summary>
    public static TheoryData<string[], int, string> Table() => new()
    {
        // usage: no command, unknown command, unknown flag, missing value
        { [], 2, "Required command was not provided" },
        { ["bogus"], 2, "bogus" },
        { ["doctor", "--bogus"], 2, "--bogus" },
        { ["demo", "--bogus"], 2, "--bogus" },
        { ["cdi"], 2, "nvdra cdi" },
        { ["cdi", "validate"], 2, "nvdra cdi validate" },

        // --simulate: one vocabulary of topologies everywhere, bounded
        { ["holders", "--simulate", "driverless"], 0, string.Empty },
        { ["discover", "--simulate", "bogus"], 2, "--simulate bogus is not a simulated node" },
        { ["doctor", "--simulate", "bogus"], 2, "--simulate bogus is not a simulated node" },
        { ["holders", "--simulate", "bogus"], 2, "--simulate bogus is not a simulated node" },
        { ["gpus", "--simulate", "-1"], 2, "--simulate" },
        { ["gpus", "--simulate", "100000000"], 2, "--simulate 100000000 is not a simulated node" },
        { ["gpus", "--simulate", "\u001b[31mred"], 2, "--simulate \\u001b[31mred is not a simulated node" },

        // --simulate with a root flag is a usage error, not a silent override
        { ["doctor", "--simulate", "sxm-h200", "--proc-root", "/proc"], 2, "--simulate cannot be combined with --proc-root" },
        { ["discover", "--simulate", "sxm-h200", "--sysfs-root", "/sys"], 2, "--simulate cannot be combined with --sysfs-root" },
        { ["holders", "--simulate", "sxm-h200", "--driver-root", "/"], 2, "--simulate cannot be combined with --driver-root" },
        { ["gpus", "--simulate", "sxm-h200", "--host-root", "/"], 2, "--simulate cannot be combined with --host-root" },
        { ["gpus", "--simulate", "sxm-h200", "--library-path", "/lib/libnvidia-ml.so.1"], 2, "--simulate cannot be combined with --library-path" },

        // roots: relative, empty, '..', missing
        { ["doctor", "--host-root", "rel"], 2, "--host-root rel is not an absolute path" },
        { ["discover", "--sysfs-root", string.Empty], 2, "--sysfs-root is empty" },
        { ["holders", "--proc-root", "/proc/../etc"], 2, "--proc-root /proc/../etc is not an absolute path without '.' or '..' segments" },
        { ["gpus", "--driver-root", "driver"], 2, "--driver-root driver is not an absolute path" },
        { ["discover", "--host-root", "/nonexistent-nvdra-root"], 2, "--host-root /nonexistent-nvdra-root does not exist" },
        { ["discover", "--sysfs-root", "/nonexistent-nvdra-sys"], 2, "could not check: /nonexistent-nvdra-sys/bus/pci/devices does not exist" },
        { ["holders", "--proc-root", "/nonexistent-nvdra-proc"], 2, "could not check: the proc root /nonexistent-nvdra-proc does not exist" },
        { ["holders", "--node", "dev/nvidia0", "--proc-root", "/proc"], 2, "--node dev/nvidia0 is not an absolute path" },
        { ["holders", "--node", "/nonexistent-nvdra-node"], 2, "/nonexistent-nvdra-node" },

        // gpus: errors name the CLI flags
        { ["gpus", "--library-path", "libz.so.1"], 2, "--library-path libz.so.1 is not an absolute path" },
        { ["gpus", "--library-path", "/nonexistent-nvdra/libnvidia-ml.so.1"], 2, "set --driver-root to where it is installed" },
        { ["gpus", "--driver-root", "/nonexistent-nvdra-driver"], 2, "set --driver-root to where it is installed" },
        { ["gpus", "--compare-nvidia-smi", "--json"], 2, "--compare-nvidia-smi prints a comparison table and has no JSON form" },
        { ["gpus", "--compare-nvidia-smi", "--simulate", "sxm-h200"], 2, "--simulate cannot be combined with --compare-nvidia-smi" },

        // cdi: only regular files, bounded
        { ["cdi", "validate", "/dev/zero"], 2, "/dev/zero: unreadable: is a character device, not a regular file" },
        { ["cdi", "validate", "/"], 2, "/: unreadable: is a directory" },
        { ["cdi", "validate", "/nonexistent-nvdra.yaml"], 2, "/nonexistent-nvdra.yaml: unreadable: does not exist" },
        { ["cdi", "version", "/dev/zero"], 2, "is a character device, not a regular file" },
        { ["cdi", "version", "/proc"], 2, "is a directory" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EveryCommand_HostileArguments_DocumentedExitCodeOneLineNoStackFrame(string[] args, int exitCode, string error)
    {
        var run = await Nvdra.RunAsync(args);

        run.ExitCode.Should().Be(exitCode, run.ToString());
        Nvdra.StackTrace().IsMatch(run.All).Should().BeFalse(run.ToString());
        if (exitCode == 2)
        {
            run.Error.Should().Contain(error, run.ToString());
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("warning: ", StringComparison.Ordinal))
                .Should().ContainSingle("a failure is one line", run.ToString());
            run.Error.Should().NotContain("\u001b", "escapes from arguments are printed escaped")
                .And.NotContain("NvmlOptions", "errors name the flags the user typed, not library options");
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EveryReportingCommand_FailureWithJson_IsStillOneJsonDocumentNamingTheError(string[] args, int exitCode, string error)
    {
        _ = error;
        if (exitCode != 2 || args.Length == 0 || args[0] is "demo" || args is ["cdi"] || args.Contains("--json"))
        {
            return; // demo does not report; `cdi` alone has no report; --json already given
        }

        var run = await Nvdra.RunAsync([.. args, "--json"]);

        run.ExitCode.Should().Be(2, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var message = json.RootElement.TryGetProperty("error", out var e) ? e.GetString()
            : json.RootElement.GetProperty("files")[0].GetProperty("problems")[0].GetProperty("message").GetString();
        message.Should().NotBeNullOrWhiteSpace();
        Nvdra.StackTrace().IsMatch(run.All).Should().BeFalse(run.ToString());
    }

    [Fact]
    public async Task Discover_SysfsTreeWithOneMalformedEntry_OneLineNamingTheFileExitTwo()
    {
        using var host = SimulatedHost.Create(SimulatedTopologies.SxmH200());
        var vendor = Path.Join(host.Root, "sys/bus/pci/devices/0000:1b:00.0/vendor");
        File.WriteAllText(vendor, "\u001b]0;pwned\u0007 not a number\n");

        var run = await Nvdra.RunAsync("discover", "--host-root", host.Root);

        run.ExitCode.Should().Be(2, run.ToString());
        Nvdra.StackTrace().IsMatch(run.All).Should().BeFalse(run.ToString());
        run.Error.Should().StartWith("nvdra discover: ").And.Contain(vendor).And.Contain("pwned").And.NotContain("\u001b");
        run.Error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public async Task CdiValidate_FileOverTheSizeLimit_UnreadableWithoutReadingIt()
    {
        var file = Path.Join(_temp, "huge.yaml");
        using (var stream = File.Create(file))
        {
            stream.SetLength((4 * 1024 * 1024) + 1); // sparse: nothing is written
        }

        var run = await Nvdra.RunAsync("cdi", "validate", file);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Should().Contain("huge.yaml: unreadable: is 4194305 bytes, more than the 4 MiB limit");
    }

    [Fact]
    public async Task CdiValidate_EscapesAndLongValuesFromTheFile_PrintedEscapedAndCut()
    {
        var file = Path.Join(_temp, "hostile.yaml");
        var longName = new string('x', 5000) + "!";
        File.WriteAllText(file, $"cdiVersion: 0.6.0\nkind: \"vendor.com/\\e[2J\"\ndevices:\n  - name: \"{longName}\"\n    containerEdits:\n      env: [A=1]\n");

        var run = await Nvdra.RunAsync("cdi", "validate", file);

        run.ExitCode.Should().Be(1, run.ToString());
        run.All.Should().NotContain("\u001b").And.Contain("[2J").And.NotContain(longName).And.Contain("more characters");
        run.Output.Split('\n').Should().OnlyContain(line => line.Length < 1000);
    }
}
