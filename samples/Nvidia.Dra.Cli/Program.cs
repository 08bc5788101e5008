using System.CommandLine;
using Nvidia.Dra.Cli;
using Nvidia.Dra.Cli.Nvml;

if (GpusCommand.TryRunPlain(args, out var exitCode))
{
    return exitCode;
}

var root = new RootCommand("nvdra: NVIDIA GPU passthrough to KubeVirt VMs over DRA, from .NET.");
foreach (var command in Commands.All())
{
    root.Subcommands.Add(command);
}

return root.Parse(args).Invoke();
