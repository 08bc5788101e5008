using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary><c>nvdra discover</c>: GPUs, IOMMU groups, drivers and passthrough viability, read-only.</summary>
internal static class DiscoverCommand
{
    public static Command Create()
    {
        var roots = new HostRootOptions();
        var command = new Command("discover", "List NVIDIA GPUs with their PCI facts, IOMMU groups, drivers and passthrough viability (read-only). Exit 0 listed, 2 could not read sysfs.");
        roots.AddTo(command);
        command.SetCliAction(roots.Json, (result, _) =>
        {
            var host = roots.Resolve(result);
            using var simulation = Simulation.Create(roots.SimulationName(result));
            var options = simulation?.Host.CreateOptions() ?? new VfioHostOptions
            {
                HostRoot = host.HostRoot,
                SysfsRoot = host.Sysfs,
                DevRoot = host.Dev,
                ProcRoot = host.Proc,
                ModulesRoot = host.Modules,
            };
            var devices = Path.Join(options.SysfsRoot, "bus/pci/devices");
            if (!(simulation?.Host.FileSystem ?? new System.IO.Abstractions.FileSystem()).Directory.Exists(devices))
            {
                throw new CliException($"could not check: {devices} does not exist; pass --sysfs-root (or --host-root) where the host's sysfs is mounted.");
            }

            var report = Discover(Options.Create(options), simulation?.Host.FileSystem);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(roots.Json))
            {
                var text = JsonSerializer.Serialize(report, VfioCliJsonContext.Default.DiscoverReport);
                output.WriteLine(simulation?.Redact(text) ?? text);
            }
            else
            {
                using var table = new StringWriter();
                PrintTable(table, report);
                output.Write(simulation?.Redact(table.ToString()) ?? table.ToString());
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static DiscoverReport Discover(IOptions<VfioHostOptions> options, System.IO.Abstractions.IFileSystem? fileSystem)
    {
        var discovery = new PciDiscovery(options, fileSystem);
        var iommu = new IommuInspector(options, fileSystem);
        var planner = new PassthroughPlanner(discovery, iommu, new VfioDriverResolver(options, fileSystem));
        var functions = discovery.GetFunctions();
        var gpus = functions.Where(f => f.IsNvidiaGpu).Select(gpu =>
        {
            var plan = planner.Plan(gpu.Address);
            return new GpuReport(
                gpu.PciBusId,
                gpu.PcieRoot,
                gpu.NumaNode,
                Hex(gpu.VendorId, 4),
                Hex(gpu.DeviceId, 4),
                Hex(gpu.ClassCode, 6),
                gpu.Driver,
                gpu.DriverOverride,
                gpu.IommuGroup,
                gpu.Sriov.NumVfs,
                gpu.AddressableMemoryBytes,
                plan.VfioDriver.Module,
                plan.IsViable,
                [.. plan.Blockers.Select(b => b.Message)],
                [.. plan.Members.Select(m => new MemberReport(m.Function.PciBusId, m.Function.Driver, m.Role, m.Reason))]);
        }).ToList();
        var others = functions.Where(f => f.IsNvidia && !f.IsNvidiaGpu)
            .Select(f => $"{f.Address} {(f.IsNvSwitch ? "NVSwitch" : f.Sriov.IsVirtualFunction ? "virtual function" : "function")} {Hex(f.DeviceId, 4)} on {f.Driver ?? "no driver"}")
            .ToList();
        return new DiscoverReport(options.Value.SysfsRoot, functions.Count, iommu.GetState(), gpus, others);
    }

    private static void PrintTable(TextWriter output, DiscoverReport report)
    {
        output.WriteLine($"IOMMU: {(report.Iommu.Enabled ? "on" : "off")} ({report.Iommu.Reason}) iommufd: {(report.Iommu.IommufdAvailable ? "yes" : "no")}");
        if (report.Gpus.Count == 0)
        {
            output.WriteLine($"No NVIDIA GPU found under {report.SysfsRoot}/bus/pci/devices ({report.PciFunctions} PCI functions scanned).");
            return;
        }

        output.WriteLine($"{"ADDRESS",-14}{"DEVICE",-8}{"DRIVER",-16}{"GROUP",-7}{"NUMA",-6}{"PCIE ROOT",-12}{"VFIO MODULE",-22}VIABLE");
        foreach (var gpu in report.Gpus)
        {
            output.WriteLine($"{gpu.PciBusId,-14}{gpu.DeviceId,-8}{gpu.Driver ?? "-",-16}{Text(gpu.IommuGroup),-7}{Text(gpu.NumaNode),-6}{gpu.PcieRoot ?? "-",-12}{gpu.VfioModule,-22}{(gpu.Viable ? "yes" : "no")}");
            foreach (var member in gpu.GroupMembers.Skip(1))
            {
                output.WriteLine(CliText.Printable($"  group member {member.Address} on {member.Driver ?? "no driver"}: {member.Role} ({member.Reason})", 500));
            }

            foreach (var blocker in gpu.Blockers)
            {
                output.WriteLine($"  blocked: {CliText.Printable(blocker, 500)}");
            }
        }

        foreach (var other in report.OtherNvidiaFunctions)
        {
            output.WriteLine($"not a GPU: {other}");
        }
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Hex(int value, int digits) => "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
