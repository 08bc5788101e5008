using System.Text.Json.Serialization;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>What a command prints with <c>--json</c> when it fails: still one JSON document, naming the error.</summary>
/// <param name="Command">The command, e.g. <c>cdi validate</c>.</param>
/// <param name="Error">The one-line message: what, where, and what to do.</param>
/// <param name="ExitCode">The exit code (2: usage error or could not check).</param>
internal sealed record ErrorReport(string Command, string Error, int ExitCode);

/// <summary>Source-generated JSON for the command-line plumbing.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ErrorReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}
