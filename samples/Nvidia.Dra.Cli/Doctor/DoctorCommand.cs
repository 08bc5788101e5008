using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Core.Doctor;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Cli.Doctor;

/// <summary>
/// <c>nvdra doctor</c>: checks every passthrough prerequisite and every row of the NVIDIA guide's limitations table,
/// read-only. Exit code 0 when nothing blocks, 1 when something does, 2 when a check could not run (and nothing
/// blocks) or on a usage error.
/// </summary>
public static class DoctorCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The <c>doctor</c> command.</returns>
    public static Command Create()
    {
        var roots = new HostRootOptions();
        var devicePlugins = new Option<string?>("--device-plugin-dir") { Description = "kubelet's device-plugin directory, as the host sees it (default /var/lib/kubelet/device-plugins).", HelpName = "path" };
        var command = new Command("doctor", "Check this node for GPU passthrough: IOMMU, VFIO modules, driver root, NVML, each GPU's driver, IOMMU group, VFs and holders, and the NVIDIA guide's limitations (read-only). Exit 0 nothing blocks, 1 something blocks, 2 a check could not run.");
        roots.AddTo(command);
        command.Options.Add(devicePlugins);
        command.SetCliAction(roots.Json, async (result, cancellationToken) =>
        {
            var name = roots.SimulationName(result);
            var host = roots.Resolve(result);
            var devicePluginDirectory = HostRootOptions.Checked(devicePlugins, result);
            if (name is not null && devicePluginDirectory is not null)
            {
                throw new CliException($"{CommonOptions.SimulateName} cannot be combined with --device-plugin-dir: the simulated node has its own. Drop one of them.");
            }

            using var simulation = Simulation.Create(name);
            await using var provider = BuildServices(host, devicePluginDirectory, simulation);
            var report = await provider.GetRequiredService<NodeDoctor>().RunAsync(cancellationToken).ConfigureAwait(false);
            var text = result.GetValue(roots.Json) ? report.ToJson() + Environment.NewLine : DoctorTable.Format(report);
            await result.InvocationConfiguration.Output.WriteAsync(simulation?.Redact(text) ?? text).ConfigureAwait(false);
            return ExitCode(report);
        });
        return command;
    }

    /// <summary>1 when something blocks; else 2 when a check could not run; else 0.</summary>
    internal static int ExitCode(DoctorReport report) => report.Status switch
    {
        DoctorStatus.Blocking => ExitCodes.Negative,
        DoctorStatus.CouldNotCheck => ExitCodes.UsageOrCouldNotCheck,
        _ => ExitCodes.Ok,
    };

    private static ServiceProvider BuildServices(HostRoots roots, string? devicePluginDirectory, Simulation? simulation)
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
        var driverRoot = roots.ResolvedDriverRoot;
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
        services.AddNvidiaDraDoctor(o => o.DevicePluginDirectory = devicePluginDirectory ?? o.DevicePluginDirectory);
        return services.BuildServiceProvider();
    }
}
