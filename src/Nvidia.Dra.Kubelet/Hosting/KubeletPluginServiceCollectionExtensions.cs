using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Kubelet.Diagnostics;

namespace Nvidia.Dra.Kubelet;

/// <summary>Registers the kubelet-plugin host on a generic host.</summary>
public static class KubeletPluginServiceCollectionExtensions
{
    /// <summary>
    /// Adds the kubelet-plugin host for <typeparamref name="TPlugin"/>: options validated at start, the hosted
    /// service that serves kubelet's sockets and the health endpoint, metrics and the registration state. Every
    /// default is a <c>TryAdd</c>; register your own <see cref="k8s.IKubernetes"/> to choose the API server client.
    /// </summary>
    /// <typeparam name="TPlugin">The driver.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKubeletPlugin<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPlugin>(
        this IServiceCollection services,
        Action<KubeletPluginOptions> configure)
        where TPlugin : class, IDraPlugin
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KubeletPluginOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubeletPluginOptions>, KubeletPluginOptionsValidator>());
        services.TryAddSingleton<IDraPlugin, TPlugin>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegistrationState>();
        services.TryAddSingleton<KubernetesClientSource>();
        services.TryAddSingleton(sp => new HostMetrics(sp.GetService<IMeterFactory>(), sp.GetRequiredService<RegistrationState>()));
        services.TryAddSingleton<KubeletPluginHost>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KubeletPluginHost>(sp => sp.GetRequiredService<KubeletPluginHost>()));
        return services;
    }
}
