using Microsoft.Extensions.Logging;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>
/// Keeps the node's current ResourceSlice publication: rebuilt from discovery and the checkpoint's prepared GPUs
/// at start-up and after every prepare or unprepare. A failed rebuild keeps the previous one (W16).
/// </summary>
internal sealed class PoolPublisher(
    NvidiaDraOptions options,
    FeatureGateSet gates,
    GpuInventory inventory,
    IIommuInspector iommu,
    ResourceSliceBuilder builder,
    IContainerClaimPreparer? containerPreparer,
    ILogger logger)
{
    private readonly Lock gate = new();
    private NodeSnapshot? current;

    /// <summary>Gets or sets a value indicating whether start-up preflight left passthrough usable.</summary>
    public bool PassthroughAvailable { get; set; }

    /// <summary>Gets or sets how a GPU's two views are kept exclusive (only matters with a container-claim preparer).</summary>
    public SliceExclusion Exclusion { get; set; } = SliceExclusion.SharedCounters;

    /// <summary>Gets the current snapshot, building it on first use.</summary>
    /// <param name="preparedAddresses">The GPUs the checkpoint records as prepared, used on a first build.</param>
    /// <returns>The snapshot.</returns>
    public NodeSnapshot Current(Func<IReadOnlySet<string>> preparedAddresses)
    {
        lock (gate)
        {
            return current ?? Rebuild(preparedAddresses());
        }
    }

    /// <summary>Rebuilds the publication now.</summary>
    /// <param name="preparedAddresses">The GPUs the checkpoint records as prepared.</param>
    /// <returns>The new snapshot.</returns>
    public NodeSnapshot Rebuild(IReadOnlySet<string> preparedAddresses)
    {
        lock (gate)
        {
            var gpus = inventory.Discover(preparedAddresses);
            var input = new AdvertisingInput
            {
                DriverName = options.DriverName,
                NodeName = options.NodeName,
                Gates = gates,
                PassthroughAvailable = PassthroughAvailable,
                IommuFdAvailable = iommu.GetState().IommufdAvailable,
                AdoptPreBoundVfioDevices = options.AdoptPreBoundVfioDevices,
                ContainerClaims = containerPreparer is not null,
                Exclusion = Exclusion,
                ContainerHeldGpus = containerPreparer?.GetPreparedPciAddresses() ?? new HashSet<string>(StringComparer.Ordinal),
                Gpus = gpus,
            };
            var publication = builder.Build(input, current?.Publication.State);
            current = new NodeSnapshot(publication, gpus.ToDictionary(g => g.PciAddress.ToLowerInvariant(), StringComparer.Ordinal));
            return current;
        }
    }

    /// <summary>Rebuilds after a change, logging instead of failing (the change itself succeeded).</summary>
    /// <param name="preparedAddresses">The GPUs the checkpoint records as prepared.</param>
    public void TryRebuild(IReadOnlySet<string> preparedAddresses)
    {
        try
        {
            Rebuild(preparedAddresses);
        }
        catch (Exception ex) when (ex is NvidiaDraException or VfioException or IOException or Nvml.NvmlException)
        {
            logger.PublicationFailed(ex);
        }
    }
}
