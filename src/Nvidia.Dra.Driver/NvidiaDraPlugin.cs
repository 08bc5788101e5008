using k8s.Models;
using Nvidia.Dra.Core;
using Nvidia.Dra.Kubelet;

namespace Nvidia.Dra.Driver;

/// <summary>The NVIDIA driver as the kubelet-plugin host sees it: <see cref="IDraNodeService"/> behind <see cref="IDraPlugin"/>.</summary>
/// <param name="node">Core's facade.</param>
public sealed class NvidiaDraPlugin(IDraNodeService node) : IDraPlugin
{
    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, DraPrepareResult>> PrepareResourceClaimsAsync(IReadOnlyList<Resourcev1ResourceClaim> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var results = await node.PrepareResourceClaimsAsync([.. claims.Select(ClaimMapping.ToCore)], cancellationToken).ConfigureAwait(false);
        return results.ToDictionary(
            r => r.ClaimUid,
            r => r.Error is { } error
                ? DraPrepareResult.Failed(error.Message)
                : DraPrepareResult.Prepared([.. r.Devices.Select(d => new DraDevice(d.RequestNames, d.PoolName, d.DeviceName, d.CdiDeviceIds))]),
            StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, string?>> UnprepareResourceClaimsAsync(IReadOnlyList<DraClaimReference> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var results = await node.UnprepareResourceClaimsAsync([.. claims.Select(c => new ClaimReference(c.Namespace, c.Name, c.Uid))], cancellationToken).ConfigureAwait(false);
        return results.ToDictionary(r => r.ClaimUid, r => r.Error?.Message, StringComparer.Ordinal);
    }
}
