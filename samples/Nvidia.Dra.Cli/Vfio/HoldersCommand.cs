using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary><c>nvdra holders</c>: which processes hold GPU device nodes, in the NVIDIA guide's form plus command and owner.</summary>
internal static class HoldersCommand
{
    public static Command Create()
    {
        var roots = new HostRootOptions();
        var nodes = new Option<string[]>("--node") { Description = "Scan these device nodes (or any files) instead of <driver-root>/dev/nvidia<N>.", AllowMultipleArgumentsPerToken = true, HelpName = "path" };
        var command = new Command("holders", "Find processes holding NVIDIA GPU device nodes by device number, in any mount namespace (read-only). Exit 0 none, 1 holders found, 2 could not check (some processes could not be inspected).");
        roots.AddTo(command);
        command.Options.Add(nodes);
        command.SetCliAction(roots.Json, (result, cancellationToken) =>
        {
            var host = roots.Resolve(result);
            using var simulation = Simulation.Create(roots.SimulationName(result));
            if (simulation is not null && File.Exists(simulation.Host.GpuNode(0)))
            {
                // Something to find: a containerised exporter holding the first GPU through its own /dev.
                simulation.Host.AddHolder(
                    simulation.Host.GpuNode(0),
                    "dcgm-exporter",
                    "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6f1c2d3e_4a5b_6c7d_8e9f_0a1b2c3d4e5f.slice/cri-containerd-5b1f0c.scope",
                    "containers/dcgm/rootfs/dev/nvidia0");
            }

            var options = simulation?.Host.CreateOptions() ?? new VfioHostOptions { HostRoot = host.HostRoot, DriverRoot = host.ResolvedDriverRoot, ProcRoot = host.Proc };
            var fileSystem = simulation?.Host.FileSystem ?? new System.IO.Abstractions.FileSystem();
            if (!fileSystem.Directory.Exists(options.ProcRoot))
            {
                throw new CliException($"could not check: the proc root {options.ProcRoot} does not exist; pass --proc-root (or --host-root) where the host's /proc is mounted.");
            }

            var warnings = new WarningLogger<DeviceHolderScanner>();
            var scanner = new DeviceHolderScanner(Options.Create(options), simulation?.Host.FileSystem, logger: warnings);
            var persistenced = new PersistencedDetector(Options.Create(options), simulation?.Host.FileSystem);
            IReadOnlyList<string> targets = result.GetValue(nodes) is { Length: > 0 } given
                ? [.. given.Select(node => HostRootOptions.CheckedPath("--node", node))]
                : scanner.ListGpuDeviceNodes();
            var holders = targets.Count == 0 ? [] : scanner.FindHolders(targets, cancellationToken);
            var report = new HoldersReport(
                options.ProcRoot,
                targets,
                persistenced.IsRunning(),
                [.. holders.Select(h => new HolderReport(h.Pid, h.Command, h.Owner.ToString(), h.DevicePath, h.FileDescriptor, h.ToGuideLine()))],
                [.. warnings.Warnings]);
            foreach (var warning in warnings.Warnings)
            {
                result.InvocationConfiguration.Error.WriteLine("warning: " + CliText.Printable(warning, 500));
            }

            var text = new StringWriter();
            if (result.GetValue(roots.Json))
            {
                text.WriteLine(JsonSerializer.Serialize(report, VfioCliJsonContext.Default.HoldersReport));
            }
            else
            {
                Print(text, report, Path.Join(options.DriverRoot, "dev"), persistenced.SocketPath);
            }

            result.InvocationConfiguration.Output.Write(simulation?.Redact(text.ToString()) ?? text.ToString());

            // Holders found answer the question with "yes" (1); none found in an incomplete scan is no answer (2).
            return Task.FromResult(report.Holders.Count > 0 ? ExitCodes.Negative : warnings.Warnings.Count > 0 ? ExitCodes.UsageOrCouldNotCheck : ExitCodes.Ok);
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
            output.WriteLine(report.Warnings.Count > 0 ? "No holder found, but the scan was incomplete (see the warnings): holders may be hidden." : "No process holds a GPU device node.");
            return;
        }

        foreach (var holder in report.Holders)
        {
            output.WriteLine(CliText.Printable($"{holder.Line}    # {holder.Command}, {holder.Owner}, fd {holder.FileDescriptor}", 500));
        }
    }
}
