using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Cdi;

/// <summary>Registers Nvidia.Dra.Cdi in a service collection.</summary>
public static class CdiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICdiRegistry"/>, <see cref="ICdiSpecWriter"/> and validated <see cref="CdiOptions"/>.
    /// Existing registrations (an <see cref="IFileSystem"/>, a writer) are kept; calling it again only adds the
    /// further options callback. Options are validated at start-up under the Generic Host; without it, resolve
    /// <c>IOptions&lt;CdiOptions&gt;.Value</c> once at start-up to get the same check.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options, e.g. the spec directories; optional.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddNvidiaDraCdi(this IServiceCollection services, Action<CdiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(CdiMarker)))
        {
            return services;
        }

        services.AddSingleton<CdiMarker>();
        services.AddOptionsWithValidateOnStart<CdiOptions, CdiOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CdiOptions>, CdiOptionsPathValidator>());
        services.TryAddSingleton<IFileSystem, FileSystem>();
        services.TryAddSingleton<ICdiRegistry>(sp => new CdiRegistry(
            sp.GetRequiredService<IOptions<CdiOptions>>(), sp.GetService<IFileSystem>(), sp.GetService<ILogger<CdiRegistry>>()));
        services.TryAddSingleton<ICdiSpecWriter>(sp => new CdiSpecWriter(
            sp.GetRequiredService<IOptions<CdiOptions>>(), sp.GetService<IFileSystem>(), sp.GetService<ILogger<CdiSpecWriter>>()));
        return services;
    }

    private sealed class CdiMarker;
}
