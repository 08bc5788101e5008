using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Doctor;

/// <summary>
/// <c>nvdra doctor</c>: checks every passthrough prerequisite and every row of the NVIDIA guide's limitations table,
/// read-only. Exit code 0 when nothing blocks, 1 when something does, 2 on bad arguments.
/// </summary>
public static class DoctorCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The <c>doctor</c> command.</returns>
    public static Command Create()
    {
        var hostRoot = new Option<string>("--host-root") { Description = "the host's / (e.g. /host-root in a container); the other roots default under it", DefaultValueFactory = _ => "/" };
        var sysfs = new Option<string?>("--sysfs-root") { Description = "sysfs (default <host-root>/sys)" };
        var proc = new Option<string?>("--proc-root") { Description = "procfs showing the host PID namespace (default <host-root>/proc)" };
        var dev = new Option<string?>("--dev-root") { Description = "host /dev (default <host-root>/dev)" };
        var modules = new Option<string?>("--modules-root") { Description = "kernel modules (default <host-root>/lib/modules)" };
        var driverRoot = new Option<string?>("--driver-root") { Description = "NVIDIA driver root, as a path on this machine like the other roots (default: the first of /, /run/nvidia/driver, /home/kubernetes/bin/nvidia under the host root that has a driver)" };
        var devicePlugins = new Option<string>("--device-plugin-dir") { Description = "kubelet's device-plugin directory, as the host sees it", DefaultValueFactory = _ => "/var/lib/kubelet/device-plugins" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var simulate = new Option<string?>("--simulate")
        {
            Description = "check a throw-away simulated node instead of this machine: " +
                          string.Join(", ", SimulatedTopologies.All.Select(t => t.Name)) + ", or h200-vm (the node capture)",
        };
        var command = new Command("doctor", "Check this node for GPU passthrough: IOMMU, VFIO modules, driver root, NVML, each GPU's driver, IOMMU group, VFs and holders, and the NVIDIA guide's limitations (read-only).")
        {
            hostRoot, sysfs, proc, dev, modules, driverRoot, devicePlugins, json, simulate,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var roots = new DoctorRoots(
                result.GetValue(hostRoot)!,
                result.GetValue(sysfs),
                result.GetValue(proc),
                result.GetValue(dev),
                result.GetValue(modules),
                result.GetValue(driverRoot),
                result.GetValue(devicePlugins)!);
            DoctorSimulation? simulation;
            try
            {
                simulation = result.GetValue(simulate) is { } name ? DoctorSimulation.Create(name) : null;
            }
            catch (ArgumentException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 2;
            }

            using (simulation)
            {
                await using var provider = BuildServices(roots, simulation);
                var report = await provider.GetRequiredService<NodeDoctor>().RunAsync(cancellationToken).ConfigureAwait(false);
                var text = result.GetValue(json) ? report.ToJson() + Environment.NewLine : DoctorTable.Format(report);
                if (simulation is not null)
                {
                    text = text.Replace(simulation.Host.Root, "<sim-root>", StringComparison.Ordinal);
                }

                await result.InvocationConfiguration.Output.WriteAsync(text).ConfigureAwait(false);
                return report.HasBlocking ? 1 : 0;
            }
        });
        return command;
    }

    private static ServiceProvider BuildServices(DoctorRoots roots, DoctorSimulation? simulation)
    {
        var services = new ServiceCollection();
        if (simulation is not null)
        {
            services.AddSingleton(simulation.Nvml);
            services.AddSimulatedVfioHost(simulation.Host);
            services.AddNvidiaDraDoctor();
            return services.BuildServiceProvider();
        }

        // Without --driver-root, use the first well-known root that has a driver, so NVML is looked for there.
        var driverRoot = roots.DriverRoot ?? DriverRootDetector.Detect(roots.HostRoot)?.Path ?? roots.HostRoot;
        services.AddNvidiaDraVfio(o =>
        {
            o.HostRoot = roots.HostRoot;
            o.SysfsRoot = roots.Sysfs;
            o.ProcRoot = roots.Proc;
            o.DevRoot = roots.Dev;
            o.ModulesRoot = roots.Modules;
            o.DriverRoot = driverRoot;
            o.LoadMissingModules = false;
        });
        services.AddNvidiaDraNvml(o => o.DriverRoot = driverRoot);
        services.AddNvidiaDraDoctor(o => o.DevicePluginDirectory = roots.DevicePluginDirectory);
        return services.BuildServiceProvider();
    }
}
