using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core;

/// <summary>
/// What a host calls from its kubelet plugin: start-up (preflight and crash recovery), NodePrepareResources and
/// NodeUnprepareResources for batches of claims — one result per claim, never one exception for the batch — and
/// the ResourceSlices and DeviceClasses to publish. Claims on different GPUs run concurrently; a claim locks only
/// its own GPUs (a file lock per IOMMU group), so two plugin instances (a rolling upgrade) never work on one GPU at
/// once, and the node-wide file lock guards only checkpoint commits and the slice rebuild.
/// </summary>
public interface IDraNodeService
{
    /// <summary>
    /// Runs start-up: checks the host (PassthroughSupport with the IOMMU off fails here, with the remedy), reconciles
    /// the checkpoint with the node, and builds the first publication. Prepare and unprepare call it once
    /// themselves if the host did not.
    /// </summary>
    /// <param name="cancellationToken">Ends start-up.</param>
    /// <returns>What start-up found and did.</returns>
    /// <exception cref="PreflightException">A fatal prerequisite is missing.</exception>
    /// <exception cref="CheckpointCorruptException">The checkpoint cannot be read; it was left untouched.</exception>
    Task<NodeStartupReport> StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Prepares each claim (NodePrepareResources).</summary>
    /// <param name="claims">The claims as read from the API server, with <c>status.allocation</c>.</param>
    /// <param name="cancellationToken">The gRPC call's cancellation; each claim also has the configured deadline.</param>
    /// <returns>One result per claim UID, in the order given.</returns>
    Task<IReadOnlyList<ClaimPrepareResult>> PrepareResourceClaimsAsync(IReadOnlyList<ResourceClaim> claims, CancellationToken cancellationToken = default);

    /// <summary>Unprepares each claim (NodeUnprepareResources); a claim this node does not know succeeds.</summary>
    /// <param name="claims">The claims.</param>
    /// <param name="cancellationToken">The gRPC call's cancellation.</param>
    /// <returns>One result per claim UID, in the order given.</returns>
    Task<IReadOnlyList<ClaimUnprepareResult>> UnprepareResourceClaimsAsync(IReadOnlyList<ClaimReference> claims, CancellationToken cancellationToken = default);

    /// <summary>Gets the node's ResourceSlices as they should be published now (rediscovers the GPUs).</summary>
    /// <returns>The pool publication.</returns>
    PoolPublication GetResourceSlices();

    /// <summary>
    /// Gets the node's ResourceSlices with a chosen exclusion between a GPU's two views, and keeps that choice for
    /// later rebuilds: <see cref="SliceExclusion.NodeSide"/> when the API server drops the counter fields.
    /// </summary>
    /// <param name="exclusion">How the views are kept exclusive.</param>
    /// <returns>The pool publication.</returns>
    PoolPublication GetResourceSlices(SliceExclusion exclusion);

    /// <summary>
    /// Gets the three DeviceClasses (<c>gpu.nvidia.com</c>, <c>mig.nvidia.com</c>, <c>vfio.gpu.nvidia.com</c>);
    /// <c>gpu.nvidia.com</c> carries <c>extendedResourceName: nvidia.com/gpu</c> only with a container-claim preparer.
    /// </summary>
    /// <returns>The classes.</returns>
    IReadOnlyList<DeviceClass> GetDeviceClasses();
}
