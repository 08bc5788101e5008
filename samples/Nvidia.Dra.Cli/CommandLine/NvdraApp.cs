using System.CommandLine;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// nvdra's entry point below <c>Program.cs</c>: the command tree, usage errors as one line with exit code 2, and a
/// last guard so that nothing (not even a command outside the shared conventions) prints a stack trace.
/// </summary>
internal static class NvdraApp
{
    public const string Description =
        "nvdra: NVIDIA GPU passthrough to KubeVirt VMs over DRA, from .NET. Read-only checks of a node (doctor, discover, holders, gpus), CDI spec checks, and a simulated demo.\n" +
        "Commands that read the host share --host-root/--sysfs-root/--proc-root/--dev-root/--modules-root/--driver-root and --simulate <topology>; commands that report take --json.\n\n" +
        ExitCodes.Legend;

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description);
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var json = args.Contains(CommonOptions.JsonName, StringComparer.Ordinal);
        var command = "nvdra";
        try
        {
            var parse = CreateRoot().Parse(args);
            command = CliAction.NameOf(parse);
            if (parse.Errors.Count > 0)
            {
                var help = command == "nvdra" ? "nvdra --help" : $"nvdra {command} --help";
                var problems = string.Join("; ", parse.Errors.Select(e => CliText.Printable(e.Message)));
                CliAction.Fail(command, $"{problems}. See '{help}'.", ExitCodes.UsageOrCouldNotCheck, json, output, error);
                return ExitCodes.UsageOrCouldNotCheck;
            }

            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return CliAction.Fail(command, exception, json, output, error);
        }
    }
}
