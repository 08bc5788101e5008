using System.CommandLine;

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
        var files = new Argument<string[]>("FILE") { Description = "CDI spec files (YAML or JSON).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate CDI spec files; exit code 0 all valid, 1 any invalid, 2 any unreadable (cannot be read or decoded).") { files };
        command.SetAction((parse, cancellationToken) => CdiSpecCheck.ValidateAsync(
            parse.GetValue(files) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static Command CreateVersion()
    {
        var file = new Argument<string>("FILE") { Description = "A CDI spec file (YAML or JSON)." };
        var command = new Command("version", "Print the minimum CDI spec version the file's content requires.") { file };
        command.SetAction((parse, cancellationToken) => CdiSpecCheck.MinimumVersionAsync(
            parse.GetValue(file) ?? string.Empty, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }
}
