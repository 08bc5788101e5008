using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;
using Nvidia.Dra.Driver.Publishing;
using Nvidia.Dra.Kubelet;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Driver;

/// <summary>
/// Composes the driver: Core (<see cref="IDraNodeService"/>) behind the kubelet-plugin host, and Core's pool published
/// by the ResourceSlice controller.
/// </summary>
public static class DriverServiceCollectionExtensions
{
    /// <summary>Adds Core, the node start-up, the kubelet-plugin host and slice publishing, configured from <paramref name="settings"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="configureCore">Further Core configuration (tests and the demo shorten timeouts).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddNvidiaDraDriver(this IServiceCollection services, DriverSettings settings, Action<NvidiaDraOptions>? configureCore = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddNvidiaDra(options =>
        {
            options.NodeName = settings.NodeName;
            options.FeatureGatesFlag = settings.FeatureGates;
            options.NvidiaDriverRoot = settings.NvidiaDriverRoot;
            options.ContainerDriverRoot = settings.ContainerDriverRoot;
            options.HostRoot = settings.HostRoot;
            options.CdiRoot = settings.CdiRoot;
            options.PluginDataDirectory = settings.PluginDirectory;
            options.RestoreUnrecordedVfioGpus = settings.RestoreUnrecordedVfioGpus;
            configureCore?.Invoke(options);
        });

        // This process never uses CUDA, so the libcuda reference NVML's init leaks can be given back with NVML: 3.8 MiB
        // of an idle driver's memory.
        services.AddOptions<NvmlOptions>().Configure(nvml => nvml.ReleaseCudaOnUnload = true);

        // Core start-up runs before the sockets open (hosted services start in registration order); its first
        // publication reaches the controller, which starts after the sockets and converges in the background.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NodeStartupService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPoolPublicationListener, SlicePublisher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CounterFallback>());
        services.AddKubeletPlugin<NvidiaDraPlugin>(options =>
        {
            options.DriverName = settings.DriverName;
            options.NodeName = settings.NodeName;
            options.RegistrarDirectory = settings.KubeletRegistrarDirectory;
            options.PluginDirectory = settings.PluginDirectory;
            options.HealthPort = settings.HealthcheckPort < 0 ? null : settings.HealthcheckPort;
            options.HealthBindAddress = settings.HealthcheckAddress;
            options.Kubeconfig = settings.Kubeconfig;
            options.RollingUpdatePodUid = settings.RollingUpdatePodUid;
            // Core serialises prepare and unprepare on the node itself (its pu.lock), like the NVIDIA driver.
            options.Serialize = false;
        });
        services.AddResourceSliceController(options =>
        {
            options.DriverName = settings.DriverName;
            options.NodeName = settings.NodeName;
        });
        return services;
    }
}
