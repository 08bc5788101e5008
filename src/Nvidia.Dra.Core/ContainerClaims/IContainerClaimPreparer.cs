namespace Nvidia.Dra.Core;

/// <summary>
/// The extension point for container claims: claims allocated <c>gpu</c> (or <c>mig</c>) views, which Core does not
/// prepare itself. A node without one is passthrough-only: it publishes <c>vfio</c> views only, the
/// <c>gpu.nvidia.com</c> class carries no <c>extendedResourceName</c>, and a container claim that still reaches it
/// gets a per-claim error naming the remedy. Registering one (<see cref="ContainerClaimBuilderExtensions.AddContainerClaimPreparer{TPreparer}"/>)
/// makes the node publish both views of every GPU on <c>nvidia</c> and <c>nvidia.com/gpu</c> on the class.
/// </summary>
/// <remarks>
/// Contract:
/// <list type="bullet">
/// <item>Core calls <see cref="PrepareAsync"/> only for a claim whose devices of this driver are all container views of
/// this node's pool (a claim that mixes them with vfio views is rejected before), after its configs were decoded and
/// resolved, and only when none of its GPUs is prepared for a vfio claim. Core calls it once per claim and call; kubelet
/// retries a failed claim, so it must be idempotent per claim UID and leave nothing behind when it throws.</item>
/// <item>It must not switch drivers, write <c>/sys</c>, or touch GPUs other than those in the claim; it produces the CDI
/// devices the container runtime injects and returns them.</item>
/// <item><see cref="UnprepareAsync"/> is called for every claim Core did not prepare itself, including claims this
/// preparer never saw: it must succeed for an unknown claim.</item>
/// <item><see cref="GetPreparedPciAddresses"/> names the GPUs held by container claims now; Core refuses to prepare a vfio
/// claim on them (the node-side backstop of the exclusion between a GPU's two views) and, where the API server drops
/// shared counters, withdraws their vfio views from the published pool. It must reflect state rebuilt at start-up.</item>
/// <item>Exceptions should be <see cref="NvidiaDraException"/>s whose message is what kubelet shows the user; any other
/// exception is wrapped in a <see cref="ClaimPreparationException"/>. The call must finish inside the kubelet deadline
/// (<see cref="NvidiaDraOptions.PrepareTimeout"/>); the token is cancelled at that deadline.</item>
/// </list>
/// </remarks>
public interface IContainerClaimPreparer
{
    /// <summary>Prepares a container claim (NodePrepareResources for one claim).</summary>
    /// <param name="claim">The claim and its resolved devices.</param>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>The prepared devices with their CDI device ids.</returns>
    Task<IReadOnlyList<PreparedDevice>> PrepareAsync(ContainerClaim claim, CancellationToken cancellationToken);

    /// <summary>Unprepares a claim Core does not know as a vfio claim; succeeds for an unknown claim.</summary>
    /// <param name="claim">The claim as kubelet names it.</param>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>A task that completes when the claim's devices are released.</returns>
    Task UnprepareAsync(ClaimReference claim, CancellationToken cancellationToken);

    /// <summary>Gets the PCI addresses (<c>dddd:bb:dd.f</c>, lower case) of the GPUs container claims hold now.</summary>
    /// <returns>The addresses.</returns>
    IReadOnlySet<string> GetPreparedPciAddresses();
}
