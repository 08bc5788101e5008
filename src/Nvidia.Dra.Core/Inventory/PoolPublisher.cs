using Microsoft.Extensions.Logging;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>
/// Keeps the node's current ResourceSlice publication: rebuilt from discovery and the checkpoint's prepared GPUs
/// at start-up and after every prepare or unprepare, and handed to the <see cref="IPoolPublicationListener"/>s when it
/// changes. A failed rebuild keeps the previous one (W16).
/// </summary>
/// <remarks>
/// Every rebuild reads the prepared GPUs and the container-held GPUs under this publisher's lock, so rebuilds from
/// concurrent claims, start-up and <see cref="IDraNodeService.GetResourceSlices()"/> are ordered and the last one
/// always reflects the latest checkpoint: a rebuild that read an older checkpoint can never be published after one
/// that read a newer one.
/// </remarks>
internal sealed class PoolPublisher(
    NvidiaDraOptions options,
    FeatureGateSet gates,
    GpuInventory inventory,
    IIommuInspector iommu,
    ResourceSliceBuilder builder,
    IContainerClaimPreparer? containerPreparer,
    IEnumerable<IPoolPublicationListener> listeners,
    ILogger logger)
{
    private readonly Lock gate = new();
    private readonly IPoolPublicationListener[] listeners = [.. listeners];
    private readonly PublicationMemo built = new();
    private NodeSnapshot? current;
    private PublishedPoolState? notified;
    private SliceExclusion exclusion = SliceExclusion.SharedCounters;

    /// <summary>Gets or sets a value indicating whether start-up preflight left passthrough usable.</summary>
    public bool PassthroughAvailable { get; set; }

    /// <summary>Gets how a GPU's two views are kept exclusive (only matters with a container-claim preparer).</summary>
    public SliceExclusion Exclusion
    {
        get
        {
            lock (gate)
            {
                return exclusion;
            }
        }
    }

    /// <summary>Gets the current snapshot, building it on first use.</summary>
    /// <param name="preparedAddresses">Reads the GPUs the checkpoint records as prepared, used on a first build.</param>
    /// <returns>The snapshot.</returns>
    public NodeSnapshot Current(Func<IReadOnlySet<string>> preparedAddresses)
    {
        lock (gate)
        {
            return current ?? Rebuild(preparedAddresses);
        }
    }

    /// <summary>Rebuilds the publication now and hands it to the listeners when it changed.</summary>
    /// <param name="preparedAddresses">Reads the GPUs the checkpoint records as prepared; called under the lock.</param>
    /// <param name="newExclusion">A new exclusion mode to use from now on; <see langword="null"/> keeps the current one.</param>
    /// <returns>The new snapshot.</returns>
    public NodeSnapshot Rebuild(Func<IReadOnlySet<string>> preparedAddresses, SliceExclusion? newExclusion = null)
    {
        lock (gate)
        {
            return Publish(inventory.Discover(preparedAddresses()), newExclusion);
        }
    }

    /// <summary>
    /// Rebuilds the publication after one claim's change, re-reading only the GPUs it touched and those whose
    /// prepared state differs from the last publication (a change by another plugin instance); the other GPUs'
    /// records are reused. Falls back to a full rebuild when there is nothing to reuse yet.
    /// </summary>
    /// <param name="preparedAddresses">Reads the GPUs the checkpoint records as prepared; called under the lock.</param>
    /// <param name="changed">The PCI addresses the change touched.</param>
    /// <returns>The new snapshot.</returns>
    public NodeSnapshot Refresh(Func<IReadOnlySet<string>> preparedAddresses, IReadOnlySet<string> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        lock (gate)
        {
            var prepared = preparedAddresses();
            if (current is null)
            {
                return Publish(inventory.Discover(prepared), null);
            }

            // PCI addresses are hex: a record may spell one in another case than discovery does.
            var touched = new HashSet<string>(changed, StringComparer.OrdinalIgnoreCase);
            foreach (var gpu in current.Discovered)
            {
                if (gpu.PreparedByThisDriver != prepared.Contains(gpu.PciAddress))
                {
                    touched.Add(gpu.PciAddress);
                }
            }

            return Publish(inventory.Refresh(current.Discovered, touched, prepared), null);
        }
    }

    /// <summary>Refreshes after a claim's change, logging instead of failing (the change itself succeeded).</summary>
    /// <param name="preparedAddresses">Reads the GPUs the checkpoint records as prepared; called under the lock.</param>
    /// <param name="changed">The PCI addresses the change touched.</param>
    public void TryRefresh(Func<IReadOnlySet<string>> preparedAddresses, IReadOnlySet<string> changed)
    {
        try
        {
            Refresh(preparedAddresses, changed);
        }
        catch (Exception ex) when (ex is NvidiaDraException or VfioException or IOException or Nvml.NvmlException)
        {
            logger.PublicationFailed(ex);
        }
    }

    /// <summary>Rebuilds after a change, logging instead of failing (the change itself succeeded).</summary>
    /// <param name="preparedAddresses">Reads the GPUs the checkpoint records as prepared; called under the lock.</param>
    public void TryRebuild(Func<IReadOnlySet<string>> preparedAddresses)
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

    /// <summary>Builds and stores the publication from the GPUs; the caller holds the lock.</summary>
    private NodeSnapshot Publish(IReadOnlyList<PhysicalGpu> gpus, SliceExclusion? newExclusion)
    {
        var mode = newExclusion ?? exclusion;
        var input = new AdvertisingInput
        {
            DriverName = options.DriverName,
            NodeName = options.NodeName,
            Gates = gates,
            PassthroughAvailable = PassthroughAvailable,
            IommuFdAvailable = iommu.IsIommufdAvailable(),
            AdoptPreBoundVfioDevices = options.AdoptPreBoundVfioDevices,
            ContainerClaims = containerPreparer is not null,
            Exclusion = mode,
            ContainerHeldGpus = containerPreparer?.GetPreparedPciAddresses() ?? new HashSet<string>(StringComparer.Ordinal),
            Gpus = gpus,
        };
        var previous = current?.Publication.State;
        PoolPublication publication;
        if (built.Find(input) is { } earlier)
        {
            publication = builder.Restamp(earlier, previous);
        }
        else
        {
            publication = builder.Build(input, previous);
            built.Remember(input, publication);
        }

        exclusion = mode;
        current = new NodeSnapshot(publication, gpus);
        if (publication.State != notified)
        {
            notified = publication.State;
            Notify(publication);
        }

        return current;
    }

    private void Notify(PoolPublication publication)
    {
        foreach (var listener in listeners)
        {
            try
            {
                listener.OnPublicationChanged(publication);
            }
            catch (Exception ex)
            {
                // A listener's failure must not fail the prepare or unprepare that changed the pool (W16).
                logger.PublicationListenerFailed(listener.GetType().Name, ex);
            }
        }
    }
}
