using System.CommandLine;

namespace Nvidia.Dra.Cli.Demo;

/// <summary><c>nvdra demo</c>: the whole passthrough flow on an embedded simulated 8-GPU node.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Print the whole ResourceSlice manifest instead of a table." };
        var command = new Command(
            "demo",
            "Run the passthrough flow on a simulated 8-GPU node: DeviceClasses, ResourceSlice, the NVIDIA guide's claim, prepare, CDI spec and metadata, a blocked GPU with its named holder, unprepare.")
        {
            full,
        };
        command.SetAction((parse, cancellationToken) => new DemoRunner(parse.InvocationConfiguration.Output).RunAsync(parse.GetValue(full), cancellationToken));
        return command;
    }
}
