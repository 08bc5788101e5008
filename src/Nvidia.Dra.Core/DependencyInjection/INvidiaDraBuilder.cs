using Microsoft.Extensions.DependencyInjection;

namespace Nvidia.Dra.Core;

/// <summary>
/// What <see cref="NvidiaDraServiceCollectionExtensions.AddNvidiaDra"/> returns: the leaf packages (Vfio, Nvml,
/// Cdi) add their services through extension methods on it.
/// </summary>
public interface INvidiaDraBuilder
{
    /// <summary>Gets the service collection being configured.</summary>
    IServiceCollection Services { get; }
}
