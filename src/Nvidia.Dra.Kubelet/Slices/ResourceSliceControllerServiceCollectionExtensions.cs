using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Kubelet;

/// <summary>Registers the <see cref="ResourceSliceController"/> on a generic host.</summary>
public static class ResourceSliceControllerServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="ResourceSliceController"/> singleton, started and stopped with the host, using the same API
    /// server client as the kubelet-plugin host (a registered <see cref="IKubernetes"/>, else
    /// <see cref="KubeletPluginOptions.Kubeconfig"/>, else the pod's service account). The driver publishes by
    /// resolving the controller and calling <see cref="ResourceSliceController.Publish"/>; its state shows on the
    /// plugin host's health endpoint. Every registration is a <c>TryAdd</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options (driver and node names are required).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddResourceSliceController(this IServiceCollection services, Action<ResourceSliceControllerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ResourceSliceControllerOptions>().Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KubernetesClientSource>();
        services.TryAddSingleton(sp => new ResourceSliceController(
            ConcreteClient(sp.GetRequiredService<KubernetesClientSource>().Client),
            sp.GetRequiredService<IOptions<ResourceSliceControllerOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<ResourceSliceController>>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ResourceSliceControllerService>());
        return services;
    }

    // The controller's watch goes through the client's own handler pipeline and credentials, which only the
    // concrete client exposes.
    private static Kubernetes ConcreteClient(IKubernetes client) => client as Kubernetes
        ?? throw new KubeletException($"The registered IKubernetes is a {client.GetType().Name}; the ResourceSlice controller needs a k8s.Kubernetes client: register one, or none to use the kubeconfig or service account");

    /// <summary>Starts the controller with the host and stops its background work when the host stops.</summary>
    private sealed class ResourceSliceControllerService(ResourceSliceController controller) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => controller.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await controller.DisposeAsync().ConfigureAwait(false);
    }
}
