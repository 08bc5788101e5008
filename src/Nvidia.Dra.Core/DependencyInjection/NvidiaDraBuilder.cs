using Microsoft.Extensions.DependencyInjection;

namespace Nvidia.Dra.Core;

internal sealed class NvidiaDraBuilder(IServiceCollection services) : INvidiaDraBuilder
{
    public IServiceCollection Services { get; } = services;
}
