using System.Diagnostics;

namespace Nvidia.Dra.Samples.Tests.Cli;

/// <summary>
/// A fact that runs nvdra as another user (nobody) with util-linux's <c>setpriv</c>, so that processes it may not
/// inspect exist for real. Dropping to another user needs root; the fact is skipped, with the reason, where the tests
/// do not run as root, where setpriv is absent, or where that user could not reach a copy of nvdra in the temporary
/// directory.
/// </summary>
public sealed class AsAnotherUserFactAttribute : FactAttribute
{
    private static readonly string? Missing = Probe();

    public AsAnotherUserFactAttribute()
    {
        if (Missing is not null)
        {
            Skip = Missing;
        }
    }

    private static string? Probe()
    {
        if (!File.ReadLines("/proc/self/status").Any(line => line.StartsWith("Uid:\t0\t", StringComparison.Ordinal)))
        {
            return "the tests do not run as root, so nvdra cannot be run as another user";
        }

        for (var directory = Path.GetTempPath(); directory is not null; directory = Path.GetDirectoryName(directory.TrimEnd('/')))
        {
            if (!File.GetUnixFileMode(directory).HasFlag(UnixFileMode.OtherExecute))
            {
                return $"another user cannot reach the temporary directory ({directory} is closed to others)";
            }
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo("setpriv", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "setpriv --version failed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "setpriv (util-linux) is not installed";
        }
    }
}
