using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.ContainerClaims;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Preflight;
using Nvidia.Dra.Core.Preparation;
using Nvidia.Dra.Core.Recovery;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Plugin;

/// <summary>The facade over preflight, recovery, the prepare/unprepare engine and the publication.</summary>
internal sealed class DraNodeService(
    IOptions<NvidiaDraOptions> options,
    IOptions<VfioHostOptions> vfioOptions,
    FeatureGateSet gates,
    IIommuInspector iommu,
    IPciDiscovery discovery,
    INvml nvml,
    CheckpointStore store,
    PoolPublisher publisher,
    ClaimPreparer preparer,
    ClaimUnpreparer unpreparer,
    CheckpointRecovery recovery,
    ContainerClaimRouter router) : IDraNodeService
{
    private readonly SemaphoreSlim startGate = new(1, 1);
    private NodeStartupReport? started;

    /// <inheritdoc/>
    public async Task<NodeStartupReport> StartAsync(CancellationToken cancellationToken = default)
    {
        await startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (started is not null)
            {
                return started;
            }

            var preflight = PreflightEvaluator.Evaluate(ReadPrerequisites(), gates, vfioOptions.Value.HostRoot);
            preflight.ThrowIfFatal();
            publisher.PassthroughAvailable = preflight.PassthroughAvailable;
            var outcome = await recovery.RecoverAsync(BootId.Read(vfioOptions.Value.ProcRoot), cancellationToken).ConfigureAwait(false);
            publisher.Rebuild(PreparedAddresses);
            started = new NodeStartupReport(preflight, outcome);
            return started;
        }
        finally
        {
            startGate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ClaimPrepareResult>> PrepareResourceClaimsAsync(IReadOnlyList<ResourceClaim> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var startError = await TryStartAsync(cancellationToken).ConfigureAwait(false);
        // Claims of one batch run concurrently too: each waits only for its own GPUs.
        return await Task.WhenAll(claims.Select(claim => PrepareOneAsync(claim, startError, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ClaimUnprepareResult>> UnprepareResourceClaimsAsync(IReadOnlyList<ClaimReference> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var startError = await TryStartAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(claims.Select(claim => UnprepareOneAsync(claim, startError, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public PoolPublication GetResourceSlices() => publisher.Rebuild(PreparedAddresses).Publication;

    /// <inheritdoc/>
    public PoolPublication GetResourceSlices(SliceExclusion exclusion)
        => publisher.Rebuild(PreparedAddresses, exclusion).Publication;

    /// <inheritdoc/>
    public IReadOnlyList<DeviceClass> GetDeviceClasses() => DeviceClassFactory.Create(options.Value.DriverName, router.Enabled);

    private async Task<IReadOnlyList<PreparedDevice>> PrepareDevicesAsync(ResourceClaim claim, CancellationToken cancellationToken)
    {
        var publication = publisher.Current(PreparedAddresses).Publication;
        var containerDevices = router.ContainerDevices(claim, publication);
        if (containerDevices.Count > 0)
        {
            var prepared = await router.PrepareAsync(
                claim, ClaimIdentity.From(claim), containerDevices, publication, PreparedAddresses(), options.Value.PrepareTimeout, cancellationToken).ConfigureAwait(false);
            publisher.TryRebuild(PreparedAddresses);
            return prepared;
        }

        router.EnsureNotHeldByContainers(claim, ClaimIdentity.From(claim), publication);
        var devices = await preparer.PrepareAsync(claim, cancellationToken).ConfigureAwait(false);
        return [.. devices.Select(d => new PreparedDevice(d.RequestNames, d.PoolName, d.DeviceName, d.CdiDeviceIds))];
    }

    private async Task<ClaimPrepareResult> PrepareOneAsync(ResourceClaim? claim, NvidiaDraException? startError, CancellationToken cancellationToken)
    {
        var uid = claim?.Metadata?.Uid ?? string.Empty;
        if (startError is not null)
        {
            return new ClaimPrepareResult(uid, [], startError);
        }

        try
        {
            ArgumentNullException.ThrowIfNull(claim);
            return new ClaimPrepareResult(uid, await PrepareDevicesAsync(claim, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            return new ClaimPrepareResult(uid, [], AsTyped(claim, ex, ClaimStep.Validate));
        }
    }

    private async Task<ClaimUnprepareResult> UnprepareOneAsync(ClaimReference? claim, NvidiaDraException? startError, CancellationToken cancellationToken)
    {
        var uid = claim?.Uid ?? string.Empty;
        if (startError is not null)
        {
            return new ClaimUnprepareResult(uid, startError);
        }

        try
        {
            ArgumentNullException.ThrowIfNull(claim);
            var identity = ClaimIdentity.From(claim.Namespace, claim.Name, claim.Uid);
            if (router.Enabled && !store.Load().Claims.ContainsKey(identity.Uid))
            {
                // Not a vfio claim of Core's: the container-claim preparer owns it (or nobody does; it must succeed then).
                await router.UnprepareAsync(claim, options.Value.UnprepareTimeout, cancellationToken).ConfigureAwait(false);
                publisher.TryRebuild(PreparedAddresses);
            }
            else
            {
                await unpreparer.UnprepareAsync(identity.Uid, identity.Description, cancellationToken).ConfigureAwait(false);
            }

            return new ClaimUnprepareResult(uid, null);
        }
        catch (Exception ex)
        {
            return new ClaimUnprepareResult(uid, AsTyped(null, ex, ClaimStep.RestoreDriver, claim));
        }
    }

    private static NvidiaDraException AsTyped(ResourceClaim? claim, Exception ex, ClaimStep step, ClaimReference? reference = null)
    {
        if (ex is NvidiaDraException typed)
        {
            return typed;
        }

        var description = claim is not null
            ? $"{claim.Metadata?.Namespace}/{claim.Metadata?.Name} ({claim.Metadata?.Uid})"
            : $"{reference?.Namespace}/{reference?.Name} ({reference?.Uid})";
        // The engine types every failure after its first side effect itself; what reaches here failed before it.
        var transient = ex is OperationCanceledException || ex is NvmlException { IsTransient: true };
        return new ClaimPreparationException(description, null, step, ex.Message, rolledBack: true, transient, ex);
    }

    private async Task<NvidiaDraException?> TryStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (NvidiaDraException ex)
        {
            return ex;
        }
        catch (OperationCanceledException ex)
        {
            // Per-claim errors even now: kubelet expects an answer for every claim.
            return new ClaimPreparationException("(start-up)", null, ClaimStep.Validate, "start-up was cancelled before the node was reconciled; kubelet retries", rolledBack: true, isTransient: true, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or VfioException or Nvidia.Dra.Cdi.CdiException)
        {
            // Whatever start-up hit, the batch still answers per claim: never one raw exception for the call.
            return new ClaimPreparationException("(start-up)", null, ClaimStep.Validate, $"start-up failed before the node was reconciled: {ex.Message}", rolledBack: true, isTransient: true, ex);
        }
    }

    private HashSet<string> PreparedAddresses() => CheckpointCommits.PreparedAddresses(store.Load());

    private static string? ProcRootError(string procRoot)
    {
        try
        {
            // Listing, not existence: an unreadable proc root hides every holder as surely as a missing one.
            _ = Directory.EnumerateFileSystemEntries(procRoot).FirstOrDefault();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{procRoot} cannot be listed ({ex.Message})";
        }
    }

    private HostPrerequisites ReadPrerequisites()
    {
        var state = iommu.GetState();
        string? nvmlError = null;
        var nvmlFound = true;
        try
        {
            nvml.GetSystemInfo();
        }
        catch (NvmlLibraryNotFoundException)
        {
            nvmlFound = false;
        }
        catch (NvmlException ex)
        {
            nvmlError = ex.Message;
        }

        string? pciError = null;
        try
        {
            // Addresses only: one GPU with a malformed attribute is left out later, not the whole vfio view.
            discovery.ListNvidiaFunctions();
        }
        catch (Exception ex) when (ex is VfioException or IOException or UnauthorizedAccessException)
        {
            pciError = ex.Message;
        }

        return new HostPrerequisites
        {
            ProcRootError = ProcRootError(vfioOptions.Value.ProcRoot),
            IommuEnabled = state.Enabled,
            IommuFdAvailable = state.IommufdAvailable,
            HostRootMounted = Directory.Exists(vfioOptions.Value.HostRoot),
            SysfsWritable = true,
            NvmlLibraryFound = nvmlFound,
            NvmlInitError = nvmlError,
            PciEnumerationError = pciError,
        };
    }
}
