using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>Wires the Vfio package to a simulated host.</summary>
public static class SimulatedHostServiceCollectionExtensions
{
    /// <summary>Registers the host's file system and module loader, then <c>AddNvidiaDraVfio</c> with the host's roots.</summary>
    /// <param name="services">The services.</param>
    /// <param name="host">The simulated host.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddSimulatedVfioHost(this IServiceCollection services, SimulatedHost host)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(host);
        services.Replace(ServiceDescriptor.Singleton(host.FileSystem));
        services.Replace(ServiceDescriptor.Singleton<IModuleLoader>(host.ModuleLoader));
        return services.AddNvidiaDraVfio(host.Configure);
    }
}
