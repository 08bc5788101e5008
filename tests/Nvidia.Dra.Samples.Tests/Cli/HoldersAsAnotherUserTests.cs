using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nvidia.Dra.Samples.Tests.Cli;

/// <summary>
/// <c>nvdra holders</c> run as nobody over the real <c>/proc</c>: it may not read root's processes' descriptors (this
/// test's own process among them), so the scanner must count them and the answer is "could not check", never "free".
/// </summary>
public sealed partial class HoldersAsAnotherUserTests
{
    private const string Nobody = "65534";

    [AsAnotherUserFact]
    public async Task Holders_AsNobodyOverTheRealProc_CountsTheProcessesItCouldNotInspectAndDoesNotAnswerFree()
    {
        var copy = Directory.CreateTempSubdirectory("nvdra-as-nobody-");
        try
        {
            // nobody must reach nvdra: a copy of its build in a directory open to others.
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Nvdra.BuiltDll())!))
            {
                File.Copy(file, Path.Join(copy.FullName, Path.GetFileName(file)));
            }

            File.SetUnixFileMode(copy.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var node = Path.Join(copy.FullName, "node");
            await File.WriteAllTextAsync(node, string.Empty);
            var processes = Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _));

            var (exitCode, output, error) = await RunAsync(
                "setpriv", "--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", "dotnet", Path.Join(copy.FullName, "nvdra.dll"), "holders", "--proc-root", "/proc", "--node", node, "--json");

            exitCode.Should().Be(2, $"an incomplete scan that found nothing is no answer; stderr: {error}");
            using var report = JsonDocument.Parse(output);
            report.RootElement.GetProperty("holders").GetArrayLength().Should().Be(0);
            var warning = report.RootElement.GetProperty("warnings").EnumerateArray().Should().ContainSingle().Subject.GetString()!;
            var count = Count().Match(warning);
            count.Success.Should().BeTrue(warning);
            int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture).Should().BePositive("this test runs as root, so nobody cannot read its descriptors")
                .And.BeLessThan(processes + 100, "only processes that exist are counted");
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^(\d+) processes under /proc could not be inspected")]
    private static partial Regex Count();
}
