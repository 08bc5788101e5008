using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core;

/// <summary>Registers Nvidia.Dra.Core in a service collection.</summary>
public static class NvidiaDraServiceCollectionExtensions
{
    /// <summary>
    /// Adds the driver's core services: options validated at start-up, the feature gates, the opaque-config
    /// decoder, the claim-config resolver and the ResourceSlice builder. Every default is registered with
    /// <c>TryAdd</c>, so a host can replace any of them; calling this again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; optional (options can also be bound from configuration).</param>
    /// <returns>A builder the leaf packages extend.</returns>
    public static INvidiaDraBuilder AddNvidiaDra(this IServiceCollection services, Action<NvidiaDraOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<NvidiaDraOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(NvidiaDraMarker)))
        {
            return new NvidiaDraBuilder(services);
        }

        services.AddSingleton<NvidiaDraMarker>();
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NvidiaDraOptions>, NvidiaDraOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NvidiaDraOptions>, NvidiaDraOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => FeatureGateSetFactory.FromOptions(sp.GetRequiredService<IOptions<NvidiaDraOptions>>().Value));
        services.TryAddSingleton(sp => new OpaqueConfigDecoder(sp.GetRequiredService<FeatureGateSet>()));
        services.TryAddSingleton(sp => new ClaimConfigResolver(
            sp.GetRequiredService<IOptions<NvidiaDraOptions>>().Value.DriverName,
            sp.GetRequiredService<FeatureGateSet>(),
            sp.GetRequiredService<OpaqueConfigDecoder>()));
        services.TryAddSingleton(sp => new ResourceSliceBuilder(sp.GetService<ILogger<ResourceSliceBuilder>>()));
        NodeServiceRegistration.AddNodeServices(services);
        return new NvidiaDraBuilder(services);
    }

    /// <summary>Marks a collection that already has the core registrations, so repeated calls stay idempotent.</summary>
    private sealed class NvidiaDraMarker;
}
