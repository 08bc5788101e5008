using System.CommandLine;
using System.Text.Json;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// Runs a command's action so that no exception reaches the user as a stack trace: every failure becomes one line
/// on stderr, <c>nvdra &lt;command&gt;: &lt;what, where, remedy&gt;</c>, and with <c>--json</c> also a JSON document on
/// stdout, with exit code 2 unless the failure carries its own.
/// </summary>
internal static class CliAction
{
    /// <summary>Sets <paramref name="action"/> as the command's action, guarded.</summary>
    public static void SetCliAction(this Command command, Option<bool>? json, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await action(result, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                var config = result.InvocationConfiguration;
                return Fail(NameOf(result), exception, json is not null && result.GetValue(json), config.Output, config.Error);
            }
        });
    }

    /// <summary>Reports a failure as one line (and as JSON when asked) and returns its exit code.</summary>
    public static int Fail(string command, Exception exception, bool json, TextWriter output, TextWriter error)
    {
        var (message, exitCode) = exception switch
        {
            CliException cli => (CliText.Printable(cli.Message, CliText.MessageLength), cli.ExitCode),
            OperationCanceledException => ("interrupted before the check finished", ExitCodes.UsageOrCouldNotCheck),
            _ => (CliText.Message(exception), ExitCodes.UsageOrCouldNotCheck),
        };
        Fail(command, message, exitCode, json, output, error);
        return exitCode;
    }

    /// <summary>Reports a failure message as one line (and as JSON when asked).</summary>
    public static void Fail(string command, string message, int exitCode, bool json, TextWriter output, TextWriter error)
    {
        error.WriteLine($"nvdra {command}: {message}");
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new ErrorReport(command, message, exitCode), CliJsonContext.Default.ErrorReport));
        }
    }

    /// <summary>The command's path below the root, e.g. <c>cdi validate</c>.</summary>
    public static string NameOf(ParseResult result)
    {
        var names = new List<string>();
        for (var command = result.CommandResult; command is not null && command.Command is not RootCommand; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, command.Command.Name);
        }

        return names.Count == 0 ? "nvdra" : string.Join(' ', names);
    }
}
