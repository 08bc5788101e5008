using System.CommandLine;
using Nvidia.Dra.Cli.CommandLine;

namespace Nvidia.Dra.Cli.Cdi;

/// <summary><c>nvdra cdi</c>: validate CDI spec files and compute their minimum version.</summary>
public static class CdiCommand
{
    public static Command Create()
    {
        var command = new Command("cdi", "Work with CDI (Container Device Interface) spec files.");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateVersion());
        return command;
    }

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("FILE") { Description = "CDI spec files (YAML or JSON; regular files of at most 4 MiB).", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var command = new Command("validate", "Validate CDI spec files. Exit 0 all valid, 1 any invalid, 2 any unreadable (not a regular file, over 4 MiB, cannot be read or decoded).") { files, json };
        command.SetCliAction(json, (parse, cancellationToken) => CdiSpecCheck.ValidateAsync(
            parse.GetValue(files) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json), cancellationToken));
        return command;
    }

    private static Command CreateVersion()
    {
        var file = new Argument<string>("FILE") { Description = "A CDI spec file (YAML or JSON; a regular file of at most 4 MiB)." };
        var json = CommonOptions.Json();
        var command = new Command("version", "Print the minimum CDI spec version the file's content requires. Exit 0 printed, 2 unreadable.") { file, json };
        command.SetCliAction(json, (parse, cancellationToken) => CdiSpecCheck.MinimumVersionAsync(
            parse.GetValue(file) ?? string.Empty, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json), cancellationToken));
        return command;
    }
}
