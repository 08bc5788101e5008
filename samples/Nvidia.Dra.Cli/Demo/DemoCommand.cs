using System.CommandLine;

namespace Nvidia.Dra.Cli.Demo;

/// <summary><c>nvdra demo</c>: the whole passthrough flow on an embedded simulated 8-GPU node, through the real driver host.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Print the whole ResourceSlice manifest instead of a table." };
        var serve = new Option<bool>("--serve")
        {
            Description = "Keep the driver running (sockets, health, fake API server with the guide's claim in namespace vms) until SIGTERM; prints the socket paths and health URL first.",
        };
        var command = new Command(
            "demo",
            "Run the passthrough flow on a simulated 8-GPU node through the real driver host, playing kubelet over its sockets: registration, DeviceClasses, ResourceSlice, the NVIDIA guide's claim, NodePrepareResources, CDI spec and metadata, a blocked GPU with its named holder, NodeUnprepareResources.")
        {
            full,
            serve,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var runner = new DemoRunner(parse.InvocationConfiguration.Output);
            return parse.GetValue(serve) ? runner.ServeAsync(cancellationToken) : runner.RunAsync(parse.GetValue(full), cancellationToken);
        });
        return command;
    }
}
