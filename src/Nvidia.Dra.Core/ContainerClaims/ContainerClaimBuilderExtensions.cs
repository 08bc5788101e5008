using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nvidia.Dra.Core;

/// <summary>Registers a container-claim preparer, turning a passthrough-only node into one that also serves containers.</summary>
public static class ContainerClaimBuilderExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TPreparer"/> as the node's <see cref="IContainerClaimPreparer"/> (a singleton;
    /// the first registration wins). The node then publishes <c>gpu</c> views and <c>nvidia.com/gpu</c> on the
    /// <c>gpu.nvidia.com</c> class.
    /// </summary>
    /// <typeparam name="TPreparer">The preparer.</typeparam>
    /// <param name="builder">The builder from <c>AddNvidiaDra</c>.</param>
    /// <returns>The same builder.</returns>
    public static INvidiaDraBuilder AddContainerClaimPreparer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPreparer>(this INvidiaDraBuilder builder)
        where TPreparer : class, IContainerClaimPreparer
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IContainerClaimPreparer, TPreparer>();
        return builder;
    }
}
