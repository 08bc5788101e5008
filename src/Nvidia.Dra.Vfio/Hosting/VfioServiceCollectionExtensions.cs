using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Registers the package's services.</summary>
public static class VfioServiceCollectionExtensions
{
    /// <summary>
    /// Adds discovery, IOMMU inspection, planning, VFIO driver resolution, holder scanning, persistenced detection
    /// and the driver switch, each with <c>TryAdd</c> so a host can replace any of them. Options are validated at
    /// start-up under the Generic Host; without it, resolve <c>IOptions&lt;VfioHostOptions&gt;.Value</c> once at start.
    /// Repeated calls are safe: they only add further configuration callbacks.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures roots and deadlines.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddNvidiaDraVfio(this IServiceCollection services, Action<VfioHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<VfioHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services;
        }

        services.AddSingleton<Marker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VfioHostOptions>, VfioHostOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VfioHostOptions>, VfioHostOptionsRulesValidator>());
        services.TryAddSingleton<IFileSystem, FileSystem>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPciDiscovery>(sp => new PciDiscovery(Options(sp), sp.GetRequiredService<IFileSystem>(), Logger<PciDiscovery>(sp)));
        services.TryAddSingleton<IIommuInspector>(sp => new IommuInspector(Options(sp), sp.GetRequiredService<IFileSystem>()));
        services.TryAddSingleton<IModuleLoader>(sp => new ModprobeModuleLoader(Options(sp)));
        services.TryAddSingleton<IVfioDriverResolver>(sp => new VfioDriverResolver(Options(sp), sp.GetRequiredService<IFileSystem>(), sp.GetRequiredService<IModuleLoader>(), Logger<VfioDriverResolver>(sp)));
        services.TryAddSingleton<IPassthroughPlanner>(sp => new PassthroughPlanner(sp.GetRequiredService<IPciDiscovery>(), sp.GetRequiredService<IIommuInspector>(), sp.GetRequiredService<IVfioDriverResolver>()));
        services.TryAddSingleton<IDeviceHolderScanner>(sp => new DeviceHolderScanner(Options(sp), sp.GetRequiredService<IFileSystem>(), sp.GetRequiredService<TimeProvider>(), Logger<DeviceHolderScanner>(sp)));
        services.TryAddSingleton<IPersistencedDetector>(sp => new PersistencedDetector(Options(sp), sp.GetRequiredService<IFileSystem>()));
        services.TryAddSingleton<IDriverSwitch>(sp => new DriverSwitch(
            Options(sp),
            sp.GetRequiredService<IVfioDriverResolver>(),
            sp.GetRequiredService<IDeviceHolderScanner>(),
            sp.GetRequiredService<IFileSystem>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services;
    }

    private static IOptions<VfioHostOptions> Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<VfioHostOptions>>();

    private static ILogger<T>? Logger<T>(IServiceProvider services) => services.GetService<ILogger<T>>();

    /// <summary>Marks the collection as configured, so repeated calls do not register twice.</summary>
    private sealed class Marker;
}
