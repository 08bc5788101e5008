using System.Globalization;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Entry point inside the guest: <c>--suite [filter]</c> runs the tests; the other modes are the child processes the
/// tests start. Every mode checks the guest marker before anything else, so none of them can write /sys here.
/// </summary>
public static class Program
{
    /// <summary>Runs a mode.</summary>
    /// <param name="args">The mode and its arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!GuestGuard.Default.IsGuest)
        {
            await Console.Error.WriteLineAsync($"Nvidia.Dra.RealKernel: {GuestGuard.Default.Refusal}; nothing was written.").ConfigureAwait(false);
            return 2;
        }

        switch (args.FirstOrDefault())
        {
            case "--suite":
                return await SuiteRunner.RunAsync(args.ElementAtOrDefault(1)).ConfigureAwait(false);
            case "--hold" when args.Length == 5:
                return HolderMode.Run(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3], args[4] == "device-only");
            case "--restore" when args.Length == 2:
                return await ReleaseModes.RestoreOnceAsync(args[1]).ConfigureAwait(false);
            case "--hung-release" when args.Length == 3:
                return await ReleaseModes.HungReleaseAsync(args[1], args[2]).ConfigureAwait(false);
            case "--crash-switch" when args.Length == 3:
                return await ReleaseModes.CrashSwitchAsync(args[1], args[2]).ConfigureAwait(false);
            default:
                await Console.Error.WriteLineAsync("usage: Nvidia.Dra.RealKernel --suite [filter]").ConfigureAwait(false);
                return 2;
        }
    }
}
