using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Nvml;

/// <summary>Registers <see cref="INvml"/> with dependency injection.</summary>
public static class NvmlServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="INvml"/> (a singleton <see cref="NvmlClient"/>, unless one is registered already) and
    /// <see cref="NvmlOptions"/> validated at start-up; the client times its idle unload with the registered
    /// <see cref="TimeProvider"/>, if any. Safe to call more than once; each callback is applied.
    /// Outside the generic host, resolve <c>IOptions&lt;NvmlOptions&gt;.Value</c> once at start to validate.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddNvidiaDraNvml(this IServiceCollection services, Action<NvmlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(NvmlRegistrationMarker)))
        {
            return services;
        }

        services.AddSingleton(new NvmlRegistrationMarker());
        services.AddOptionsWithValidateOnStart<NvmlOptions, NvmlOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NvmlOptions>, NvmlOptionsPathValidator>());
        services.TryAddSingleton<INvml>(provider => new NvmlClient(
            provider.GetRequiredService<IOptions<NvmlOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>()));
        return services;
    }

    private sealed class NvmlRegistrationMarker;
}
