using System.CommandLine;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>The options every command that reports shares, each with one meaning everywhere.</summary>
internal static class CommonOptions
{
    public const string JsonName = "--json";

    public const string SimulateName = "--simulate";

    /// <summary><c>--json</c>: the report as JSON on stdout; a failure is JSON too (<c>{"error": …}</c>).</summary>
    public static Option<bool> Json() => new(JsonName) { Description = "Print JSON instead of text; a failure is printed as JSON too: {\"error\": \"...\", \"exitCode\": 2}." };

    /// <summary><c>--simulate &lt;topology&gt;</c>: a throw-away simulated node instead of this machine.</summary>
    public static Option<string?> Simulate() => new(SimulateName)
    {
        Description = "Use a throw-away simulated node instead of this machine (no root flag may be given with it): " + string.Join(", ", Simulation.Names) + ".",
        HelpName = "topology",
    };
}
