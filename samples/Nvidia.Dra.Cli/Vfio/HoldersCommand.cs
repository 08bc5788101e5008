using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary><c>nvdra holders</c>: which processes hold GPU device nodes, in the NVIDIA guide's form plus command and owner.</summary>
internal static class HoldersCommand
{
    public static Command Create()
    {
        var driverRoot = new Option<string>("--driver-root") { Description = "NVIDIA driver root: / (host driver) or /run/nvidia/driver (GPU Operator)", DefaultValueFactory = _ => "/" };
        var proc = new Option<string>("--proc-root") { Description = "procfs root showing the host PID namespace", DefaultValueFactory = _ => "/proc" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of text" };
        var nodes = new Option<string[]>("--node") { Description = "scan these device nodes (or any files) instead of <driver root>/dev/nvidia<N>", AllowMultipleArgumentsPerToken = true };
        var simulate = VfioCommands.SimulateOption();
        var command = new Command("holders", "Find processes holding NVIDIA GPU device nodes by device number, in any mount namespace (read-only).")
        {
            driverRoot, proc, json, nodes, simulate,
        };
        command.SetAction((result, cancellationToken) =>
        {
            using var host = VfioCommands.CreateSimulatedHost(result.GetValue(simulate));
            if (host is not null)
            {
                // Something to find: a containerised exporter holding the first GPU through its own /dev.
                host.AddHolder(
                    host.GpuNode(0),
                    "dcgm-exporter",
                    "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6f1c2d3e_4a5b_6c7d_8e9f_0a1b2c3d4e5f.slice/cri-containerd-5b1f0c.scope",
                    "containers/dcgm/rootfs/dev/nvidia0");
            }

            var options = host?.CreateOptions() ?? new VfioHostOptions { DriverRoot = result.GetValue(driverRoot)!, ProcRoot = result.GetValue(proc)! };
            var warnings = new WarningLogger<DeviceHolderScanner>();
            var scanner = new DeviceHolderScanner(Options.Create(options), host?.FileSystem, logger: warnings);
            var persistenced = new PersistencedDetector(Options.Create(options), host?.FileSystem);
            IReadOnlyList<string> targets = result.GetValue(nodes) is { Length: > 0 } given ? given : scanner.ListGpuDeviceNodes();
            IReadOnlyList<DeviceHolder> holders;
            try
            {
                holders = targets.Count == 0 ? [] : scanner.FindHolders(targets, cancellationToken);
            }
            catch (DeviceNodeNotFoundException e)
            {
                result.InvocationConfiguration.Error.WriteLine(e.Message);
                return Task.FromResult(2);
            }

            var report = new HoldersReport(
                options.ProcRoot,
                targets,
                persistenced.IsRunning(),
                [.. holders.Select(h => new HolderReport(h.Pid, h.Command, h.Owner.ToString(), h.DevicePath, h.FileDescriptor, h.ToGuideLine()))]);
            var output = result.InvocationConfiguration.Output;
            foreach (var warning in warnings.Warnings)
            {
                result.InvocationConfiguration.Error.WriteLine("warning: " + warning);
            }

            if (result.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(report, VfioCliJsonContext.Default.HoldersReport));
            }
            else
            {
                Print(output, report, Path.Join(options.DriverRoot, "dev"), persistenced.SocketPath);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static void Print(TextWriter output, HoldersReport report, string devDirectory, string socket)
    {
        if (report.DeviceNodes.Count == 0)
        {
            output.WriteLine($"No NVIDIA GPU device nodes (nvidia<N>) under {devDirectory}: this host has no GPU on the nvidia driver, or --driver-root is wrong.");
            return;
        }

        output.WriteLine($"Scanned {report.ProcRoot} for holders of {string.Join(", ", report.DeviceNodes)}.");
        output.WriteLine(report.PersistencedRunning ? $"nvidia-persistenced is running ({socket} exists)." : "nvidia-persistenced is not running.");
        if (report.Holders.Count == 0)
        {
            output.WriteLine("No process holds a GPU device node.");
            return;
        }

        foreach (var holder in report.Holders)
        {
            output.WriteLine($"{holder.Line}    # {holder.Command}, {holder.Owner}, fd {holder.FileDescriptor}");
        }
    }
}
