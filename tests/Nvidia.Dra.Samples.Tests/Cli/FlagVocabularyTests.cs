using System.CommandLine;
using Nvidia.Dra.Cli.CommandLine;

namespace Nvidia.Dra.Samples.Tests.Cli;

/// <summary>One vocabulary of flags and exit codes across nvdra, as <c>nvdra --help</c> and the README document it.</summary>
public sealed class FlagVocabularyTests
{
    private static readonly string[] RootFlags = ["--host-root", "--sysfs-root", "--proc-root", "--dev-root", "--modules-root", "--driver-root"];

    public static TheoryData<string> HostCommands() => ["doctor", "discover", "holders", "gpus"];

    public static TheoryData<string> ReportingCommands() => ["doctor", "discover", "holders", "gpus", "cdi validate", "cdi version"];

    private static Command Find(string path) =>
        path.Split(' ').Aggregate((Command)NvdraApp.CreateRoot(), (command, name) => command.Subcommands.Single(c => c.Name == name));

    [Theory]
    [MemberData(nameof(HostCommands))]
    public void EveryCommandThatReadsTheHost_HasTheSameRootFlagsAndSimulate(string command)
    {
        var options = Find(command).Options.Select(o => o.Name).ToList();

        options.Should().Contain(RootFlags).And.Contain("--simulate").And.Contain("--json");
    }

    [Theory]
    [MemberData(nameof(ReportingCommands))]
    public void EveryCommandThatReports_HasJson(string command) =>
        Find(command).Options.Select(o => o.Name).Should().Contain("--json");

    [Theory]
    [MemberData(nameof(HostCommands))]
    public async Task Simulate_MeansTheSameTopologiesEverywhere(string command)
    {
        var run = await Nvdra.RunAsync(command, "--simulate", "no-such-node");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain($"use one of {string.Join(", ", Simulation.Names)}");
        Simulation.Names.Should().Contain(["sxm-h200", "hgx-8-gpu", "h200-vm"]);
    }

    [Theory]
    [MemberData(nameof(HostCommands))]
    public async Task Simulate_WithAnyRootFlag_IsAUsageError(string command)
    {
        foreach (var flag in RootFlags)
        {
            var run = await Nvdra.RunAsync(command, "--simulate", "sxm-h200", flag, "/");

            run.ExitCode.Should().Be(2, run.ToString());
            run.Error.Should().Contain($"--simulate cannot be combined with {flag}");
        }
    }

    [Fact]
    public async Task Help_DocumentsTheExitCodesAndTheSharedFlags()
    {
        var run = await Nvdra.RunAsync("--help");

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("0  ok: valid, nothing blocks, nothing found that was asked about")
            .And.Contain("1  the verdict is negative: invalid spec, blocking check, holders found, nvidia-smi differs")
            .And.Contain("2  usage error, or something could not be checked")
            .And.Contain("--simulate <topology>").And.Contain("--json");
        foreach (var command in new[] { "demo", "doctor", "discover", "holders", "gpus", "cdi" })
        {
            run.Output.Should().Contain(command);
        }
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("discover")]
    [InlineData("holders")]
    [InlineData("gpus")]
    [InlineData("cdi validate")]
    [InlineData("cdi version")]
    [InlineData("demo")]
    public async Task SubcommandHelp_ExitsZeroAndListsItsFlags(string command)
    {
        var run = await Nvdra.RunAsync([.. command.Split(' '), "--help"]);

        run.ExitCode.Should().Be(0, run.ToString());
        foreach (var option in Find(command).Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal)))
        {
            run.Output.Should().Contain(option.Name);
        }
    }

    [Fact]
    public void Readme_DocumentsTheSameExitCodesAndFlags()
    {
        var readme = File.ReadAllText(Path.Join(RepositoryRoot(), "README.md"));

        foreach (var line in ExitCodes.Legend.Split('\n').Skip(1))
        {
            readme.Should().Contain(line.Trim());
        }

        readme.Should().Contain(string.Join(", ", RootFlags.Select(f => $"`{f}`"))).And.Contain("`--simulate <topology>`").And.Contain("`--json`");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "Nvidia.Dra.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Nvidia.Dra.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
