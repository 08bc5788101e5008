using System.Text.RegularExpressions;
using Nvidia.Dra.Cli.CommandLine;

namespace Nvidia.Dra.Samples.Tests.Cli;

/// <summary>Runs nvdra in-process through its real entry (parsing, usage errors, the guard), capturing both streams.</summary>
internal static partial class Nvdra
{
    public static async Task<NvdraRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await NvdraApp.RunAsync(args, output, error);
        return new NvdraRun(args, exitCode, output.ToString(), error.ToString());
    }

    /// <summary>nvdra's own build, to run as a separate process.</summary>
    /// <returns>The path of <c>nvdra.dll</c>.</returns>
    public static string BuiltDll() => Testing.BuiltProjects.FileOf("Nvidia.Dra.Cli", "nvdra.dll");

    /// <summary>A .NET stack frame ("   at Namespace.Type.Method(...)"), an unhandled-exception banner, or a rethrow marker.</summary>
    [GeneratedRegex(@"(^\s+at \S+\(.*\))|Unhandled exception|--- End of (inner exception )?stack trace", RegexOptions.Multiline)]
    public static partial Regex StackTrace();
}

internal sealed record NvdraRun(string[] Args, int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"nvdra {string.Join(' ', Args)} → exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
