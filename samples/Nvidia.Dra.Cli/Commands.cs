using System.CommandLine;

namespace Nvidia.Dra.Cli;

/// <summary>The subcommands of nvdra; each feature area adds its own factory here.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All()
    {
        yield return Demo.DemoCommand.Create();
        yield return Cdi.CdiCommand.Create();
        yield return Nvml.GpusCommand.Create();
        yield return Doctor.DoctorCommand.Create();
        foreach (var command in Vfio.VfioCommands.All()) { yield return command; }
    }
}
