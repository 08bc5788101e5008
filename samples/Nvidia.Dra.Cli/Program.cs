using System.CommandLine;
using Nvidia.Dra.Cli;

var root = new RootCommand("nvdra: NVIDIA GPU passthrough to KubeVirt VMs over DRA, from .NET.");
foreach (var command in Commands.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
