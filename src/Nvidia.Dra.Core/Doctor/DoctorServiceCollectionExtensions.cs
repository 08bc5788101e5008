using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.Doctor.Checks;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>Registers the node doctor.</summary>
public static class DoctorServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="NodeDoctor"/> and the built-in checks (IOMMU, VFIO modules, driver root, NVML, and per GPU
    /// driver, IOMMU group, SR-IOV and holders, then each row of the NVIDIA guide's limitations table), plus the Vfio
    /// and Nvml services they read through (each <c>TryAdd</c>, so a host's own registrations win). Checks are added
    /// with <c>TryAddEnumerable</c>: add your own <see cref="IDoctorCheck"/> the same way and it runs after these.
    /// Works without <c>AddNvidiaDra</c>, so a node can be checked before the driver is configured.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the doctor's options.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddNvidiaDraDoctor(this IServiceCollection services, Action<DoctorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DoctorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddNvidiaDraVfio();
        services.AddNvidiaDraNvml();
        services.TryAddSingleton(sp => new NodeDoctor(
            sp.GetServices<IDoctorCheck>(),
            sp.GetRequiredService<IOptions<VfioHostOptions>>(),
            sp.GetRequiredService<IOptions<DoctorOptions>>(),
            sp.GetRequiredService<IFileSystem>(),
            sp.GetRequiredService<IPciDiscovery>(),
            sp.GetRequiredService<IDeviceHolderScanner>(),
            sp.GetService<ILogger<NodeDoctor>>()));

        // Prerequisites, per-GPU state, then the guide's limitations table, in the guide's order.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, IommuCheck>(sp => new IommuCheck(sp.GetRequiredService<IIommuInspector>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, VfioModulesCheck>(sp => new VfioModulesCheck(sp.GetRequiredService<IVfioDriverResolver>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, DriverRootCheck>(_ => new DriverRootCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, NvmlCheck>(sp => new NvmlCheck(sp.GetRequiredService<INvml>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, GpuDriverCheck>(_ => new GpuDriverCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, IommuGroupCheck>(sp => new IommuGroupCheck(sp.GetRequiredService<IPassthroughPlanner>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, VirtualFunctionsCheck>(_ => new VirtualFunctionsCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, GpuHoldersCheck>(_ => new GpuHoldersCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, DisplayManagerCheck>(_ => new DisplayManagerCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, DevicePluginCheck>(_ => new DevicePluginCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, PersistencedCheck>(sp => new PersistencedCheck(sp.GetRequiredService<IPersistencedDetector>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, DcgmCheck>(_ => new DcgmCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, DcgmExporterCheck>(_ => new DcgmExporterCheck()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDoctorCheck, UnrecordedGpusCheck>(_ => new UnrecordedGpusCheck()));
        return services;
    }

    /// <summary>Adds the node doctor to a driver's registration; see <see cref="AddNvidiaDraDoctor(IServiceCollection, Action{DoctorOptions}?)"/>.</summary>
    /// <param name="builder">The builder <c>AddNvidiaDra</c> returned.</param>
    /// <param name="configure">Configures the doctor's options.</param>
    /// <returns>The same builder.</returns>
    public static INvidiaDraBuilder AddDoctor(this INvidiaDraBuilder builder, Action<DoctorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddNvidiaDraDoctor(configure);
        return builder;
    }
}
