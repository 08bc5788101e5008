using System.CommandLine;

namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// The flags of every command that reads the host, with one meaning everywhere: the roots (<c>--host-root</c> is the
/// host's <c>/</c> as this process sees it, and each other root defaults under it), <c>--simulate</c> and
/// <c>--json</c>. A root given with <c>--simulate</c> is a usage error (the simulated node has its own roots), never
/// silently ignored.
/// </summary>
internal sealed class HostRootOptions
{
    private readonly Option<string?> _hostRoot = new("--host-root") { Description = "The host's / as this process sees it (e.g. /host-root in a container; default /); every other root defaults under it.", HelpName = "path" };
    private readonly Option<string?> _sysfs = new("--sysfs-root") { Description = "sysfs (default <host-root>/sys).", HelpName = "path" };
    private readonly Option<string?> _proc = new("--proc-root") { Description = "procfs showing the host PID namespace (default <host-root>/proc).", HelpName = "path" };
    private readonly Option<string?> _dev = new("--dev-root") { Description = "The host's /dev (default <host-root>/dev).", HelpName = "path" };
    private readonly Option<string?> _modules = new("--modules-root") { Description = "Kernel modules (default <host-root>/lib/modules).", HelpName = "path" };
    private readonly Option<string?> _driver = new("--driver-root")
    {
        Description = "The NVIDIA driver root as this process sees it (default: the first of /, /run/nvidia/driver, /home/kubernetes/bin/nvidia under the host root that has a driver).",
        HelpName = "path",
    };

    public IEnumerable<Option<string?>> Roots => [_hostRoot, _sysfs, _proc, _dev, _modules, _driver];

    public Option<bool> Json { get; } = CommonOptions.Json();

    public Option<string?> Simulate { get; } = CommonOptions.Simulate();

    /// <summary>Adds the root flags, <c>--json</c> and <c>--simulate</c> to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in Roots.Cast<Option>().Append(Json).Append(Simulate))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The <c>--simulate</c> topology, or <see langword="null"/> for this machine.</summary>
    public string? SimulationName(ParseResult result) => result.GetValue(Simulate);

    /// <summary>The roots given on the command line (defaults filled in), checked: absolute, not empty, no control characters.</summary>
    /// <exception cref="CliException">A root is empty or relative, the host root does not exist, or a root was given with <c>--simulate</c>.</exception>
    public HostRoots Resolve(ParseResult result)
    {
        var given = Roots.Where(o => result.GetValue(o) is not null).Select(o => o.Name).ToList();
        if (SimulationName(result) is not null && given.Count > 0)
        {
            throw new CliException($"{CommonOptions.SimulateName} cannot be combined with {string.Join(", ", given)}: the simulated node has its own roots. Drop one of them.");
        }

        var hostRoot = Checked(_hostRoot, result) ?? "/";
        if (!Directory.Exists(hostRoot))
        {
            throw new CliException($"--host-root {CliText.Printable(hostRoot)} does not exist: pass the directory where the host's / is mounted (e.g. /host-root), or leave it out on the host itself.");
        }

        return new HostRoots(hostRoot, Checked(_sysfs, result), Checked(_proc, result), Checked(_dev, result), Checked(_modules, result), Checked(_driver, result));
    }

    /// <summary>Checks one path flag: absolute, without '.' or '..' segments, not empty, printable.</summary>
    public static string? Checked(Option<string?> option, ParseResult result)
    {
        var value = result.GetValue(option);
        return value is null ? null : CheckedPath(option.Name, value);
    }

    /// <summary>Checks one path value the way <see cref="Checked"/> does.</summary>
    public static string CheckedPath(string flag, string value)
    {
        if (value.Length == 0)
        {
            throw new CliException($"{flag} is empty: pass an absolute path, or leave the flag out for its default.");
        }

        if (value.Any(char.IsControl))
        {
            throw new CliException($"{flag} {CliText.Printable(value)} contains control characters: pass a plain absolute path.");
        }

        if (!value.StartsWith('/') || value.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new CliException($"{flag} {CliText.Printable(value)} is not an absolute path without '.' or '..' segments: pass one such as /host-root or /sys.");
        }

        return value.Length > 1 ? value.TrimEnd('/') : value;
    }
}
