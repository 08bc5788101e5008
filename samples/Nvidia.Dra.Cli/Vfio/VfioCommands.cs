using System.CommandLine;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary>The Vfio commands: <c>nvdra discover</c> and <c>nvdra holders</c> (Linux only: they read sysfs and procfs).</summary>
internal static class VfioCommands
{
    public static IEnumerable<Command> All()
    {
        if (!OperatingSystem.IsLinux())
        {
            yield break;
        }

        yield return DiscoverCommand.Create();
        yield return HoldersCommand.Create();
    }

    /// <summary>Shared <c>--simulate</c> option: run against a simulated host instead of the real one.</summary>
    public static Option<string?> SimulateOption() => new("--simulate")
    {
        Description = "Run on a throw-away simulated host instead of this machine: " +
                      string.Join(", ", Testing.SimulatedTopologies.All.Select(t => t.Name)) + ", or h200-vm (the node capture).",
    };

    public static Testing.SimulatedHost? CreateSimulatedHost(string? name) => name switch
    {
        null => null,
        "h200-vm" => Testing.SimulatedHost.FromCapture(Testing.NodeCaptures.H200Vm),
        _ => Testing.SimulatedHost.Create(
            Testing.SimulatedTopologies.All.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"Unknown topology '{name}'; use one of: {string.Join(", ", Testing.SimulatedTopologies.All.Select(t => t.Name))}, h200-vm.")),
    };
}
