using k8s.Models;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// What a DRA driver implements for the kubelet-plugin host (the .NET counterpart of Go's
/// <c>kubeletplugin.DRAPlugin</c>). The host serves kubelet's sockets, fetches the claims, serialises calls and maps
/// results; the driver only prepares and unprepares devices.
/// </summary>
/// <remarks>
/// Both methods must be idempotent (kubelet retries after any failure, and a rolling update may send the unprepare
/// of a claim to another instance than its prepare), must answer every claim they are given, and must finish well
/// inside kubelet's 45 s call timeout. Per-claim failures belong in the result; an exception fails every claim of
/// the batch.
/// </remarks>
public interface IDraPlugin
{
    /// <summary>Prepares claims for pods on this node (NodePrepareResources).</summary>
    /// <param name="claims">
    /// The claims, read from the API server, allocated, with the UID kubelet named, and with
    /// <c>status.allocation.devices.results</c> already reduced to this driver's devices (the configs are left whole:
    /// ignore entries whose <c>opaque.driver</c> is another driver).
    /// </param>
    /// <param name="cancellationToken">The call's cancellation (kubelet gave up, or the host is stopping).</param>
    /// <returns>One result per claim, keyed by claim UID.</returns>
    Task<IReadOnlyDictionary<string, DraPrepareResult>> PrepareResourceClaimsAsync(IReadOnlyList<Resourcev1ResourceClaim> claims, CancellationToken cancellationToken);

    /// <summary>Releases what prepare did (NodeUnprepareResources); the claims may already be deleted.</summary>
    /// <param name="claims">The claims, by reference only: keep the state needed to release them yourself.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    /// <returns>One entry per claim, keyed by claim UID: <see langword="null"/> on success, else the error kubelet shows.</returns>
    Task<IReadOnlyDictionary<string, string?>> UnprepareResourceClaimsAsync(IReadOnlyList<DraClaimReference> claims, CancellationToken cancellationToken);
}
