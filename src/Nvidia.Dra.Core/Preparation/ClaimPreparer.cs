using Microsoft.Extensions.Logging;
using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Locking;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// The prepare engine for vfio claims. Under the locks of the claim's own GPUs (one per IOMMU group, so claims on
/// other GPUs run concurrently): answer a completed claim from the checkpoint (idempotent per UID); plan everything
/// (no side effect); record the claim and every device's prior state in the checkpoint; then per device — progress
/// checkpointed before each side effect (W7) — persistence off (only if it was on, W6), wait for holders until the
/// deadline (W2), switch the whole IOMMU group (W9); then the claim CDI spec and the metadata files (W15); then mark
/// it completed. Any failure undoes everything in reverse order. The node lock is held only for each checkpoint
/// commit and the slice rebuild. A caller that gives up is answered at once; the rollback finishes in the background.
/// </summary>
internal sealed class ClaimPreparer(
    NvidiaDraOptions options,
    ClaimPlanner planner,
    ClaimReleaser releaser,
    IDriverSwitch driverSwitch,
    IDeviceHolderScanner holders,
    IPciDiscovery discovery,
    INvml nvml,
    ICdiSpecWriter cdi,
    CheckpointCommits commits,
    GpuLocks gpuLocks,
    PoolPublisher publisher,
    IClaimStepHook hook,
    TimeProvider time,
    ILogger logger)
{
    // Time kept back from the holder wait for the switch and the files, so a busy GPU fails with named holders
    // rather than a bare deadline.
    private static readonly TimeSpan SwitchReserve = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RollbackTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Prepares one claim.</summary>
    /// <param name="claim">The claim with its allocation.</param>
    /// <param name="cancellationToken">The caller's cancellation; the call's own deadline is added.</param>
    /// <returns>The devices, as kubelet is told.</returns>
    /// <exception cref="NvidiaDraException">The claim cannot be prepared; the message names step, device and remedy.</exception>
    public async Task<IReadOnlyList<PreparedDeviceRecord>> PrepareAsync(ResourceClaim claim, CancellationToken cancellationToken)
    {
        var identity = ClaimIdentity.From(claim);
        var progress = new Progress();
        return await Abandonable.RunAsync(
            token => RunAsync(claim, identity, progress, token, cancellationToken),
            options.PrepareTimeout,
            time,
            cancellationToken,
            () => new ClaimPreparationException(identity.Description, progress.Device, progress.Step, "the caller gave up on the prepare; what it started is rolled back in the background within its own bound, and the next claim on these GPUs waits for that", rolledBack: false, isTransient: true)).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PreparedDeviceRecord>> RunAsync(ResourceClaim claim, ClaimIdentity identity, Progress progress, CancellationToken token, CancellationToken caller)
    {
        var started = time.GetTimestamp();

        // Only this claim's GPUs: a claim on another GPU, even one waiting 15 s for a holder, is never waited for.
        var keys = LockKeys(claim);
        using var gpus = await gpuLocks.AcquireAsync(keys, token).ConfigureAwait(false);
        var checkpoint = commits.Read();
        checkpoint.Claims.TryGetValue(identity.Uid, out var existing);
        switch (existing?.State)
        {
            case ClaimState.PrepareCompleted:
                logger.ClaimAlreadyPrepared(identity.Description);
                return existing.Result ?? [];
            case ClaimState.UnprepareStarted:
                throw new ClaimPreparationException(identity.Description, null, ClaimStep.Validate, "the claim is being unprepared; kubelet retries the prepare after the unprepare finished", rolledBack: true, isTransient: true);
        }

        var snapshot = publisher.Current(() => CheckpointCommits.PreparedAddresses(checkpoint));
        var plan = planner.Plan(claim, identity, checkpoint, snapshot, existing);
        if (plan.Devices.Count == 0)
        {
            return [];
        }

        if (plan.Devices.Select(d => GpuLocks.KeyOf(d.Plan.IommuGroup, d.Address.ToString())).FirstOrDefault(k => !keys.Contains(k)) is { } unlocked)
        {
            throw new ClaimPreparationException(identity.Description, null, ClaimStep.Validate, $"a GPU's IOMMU group changed while the claim was being planned ({unlocked}); nothing was changed, kubelet retries", rolledBack: true, isTransient: true);
        }

        // The first device's "about to switch" record goes into the claim's first commit instead of a commit of its
        // own: the release that undoes it is convergent (see PrepareDeviceAsync), so recording it ahead of the
        // device's wait and switch is as safe as the separate commit was, and a cycle writes the checkpoint once less.
        progress.Record = plan.Record.WithDevice(0, AboutToSwitch(plan.Record.Devices[0]));
        try
        {
            progress.At(ClaimStep.RecordCheckpoint, null);
            hook.Before("prepare", ClaimStep.RecordCheckpoint, identity.Uid, null);
            await CommitAsync(progress.Record, republish: false, token).ConfigureAwait(false);
            for (var i = 0; i < plan.Devices.Count; i++)
            {
                await PrepareDeviceAsync(plan, i, progress, token).ConfigureAwait(false);
            }

            var result = await WriteFilesAsync(plan, progress, token).ConfigureAwait(false);
            progress.At(ClaimStep.Complete, null);
            hook.Before("prepare", ClaimStep.Complete, identity.Uid, null);
            progress.Record = progress.Record with { State = ClaimState.PrepareCompleted, Result = result };
            await CommitAsync(progress.Record, republish: true, token).ConfigureAwait(false);
            logger.ClaimPrepared(identity.Description, result.Count, time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception failure) when (failure is not CheckpointCorruptException)
        {
            logger.ClaimPrepareFailed(failure, identity.Description, progress.Step, progress.Device);
            var rolledBack = await RollBackAsync(progress.Record!, failure).ConfigureAwait(false);
            throw Translate(identity, progress, failure, rolledBack, token, caller);
        }
    }

    /// <summary>The lock keys of the GPUs a claim's results name, read without any lock (the plan checks them again).</summary>
    private HashSet<string> LockKeys(ResourceClaim claim)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in claim.Status?.Allocation?.Devices?.Results ?? [])
        {
            if (!string.Equals(result.Driver, options.DriverName, StringComparison.Ordinal) ||
                Advertising.DeviceNames.TryGetPciAddress(result.Device) is not { } address ||
                !Vfio.PciAddress.TryParse(address, out var pci))
            {
                continue; // Not ours, or not a GPU name: the planner rejects it before any side effect.
            }

            int? group = null;
            try
            {
                group = discovery.GetIommuGroup(pci);
            }
            catch (VfioException)
            {
                // Unreadable or gone: locked by address; the planner says what is wrong.
            }

            keys.Add(GpuLocks.KeyOf(group, address));
        }

        return keys;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string BaseRequest(string request) => request.Split('/', 2)[0];

    private static NvidiaDraException Translate(ClaimIdentity identity, Progress progress, Exception failure, bool rolledBack, CancellationToken token, CancellationToken caller) => failure switch
    {
        GpuInUseException busy when rolledBack => busy,
        ClaimPreparationException typed when typed.RolledBack == rolledBack => typed,
        NvidiaDraException typed when rolledBack => typed,
        OperationCanceledException when token.IsCancellationRequested && !caller.IsCancellationRequested =>
            new ClaimPreparationException(identity.Description, progress.Device, progress.Step, "the prepare deadline passed; kubelet retries", rolledBack, isTransient: true, failure),
        OperationCanceledException =>
            new ClaimPreparationException(identity.Description, progress.Device, progress.Step, "the caller cancelled the prepare", rolledBack, isTransient: true, failure),
        VfioException vfio =>
            new ClaimPreparationException(identity.Description, progress.Device, progress.Step, vfio.Message, rolledBack, vfio is DriverSwitchInFlightException or DriverSwitchTimeoutException, failure),
        NvmlException nvml =>
            new ClaimPreparationException(identity.Description, progress.Device, progress.Step, nvml.Message, rolledBack, nvml.IsTransient, failure),
        _ => new ClaimPreparationException(identity.Description, progress.Device, progress.Step, failure.Message, rolledBack, isTransient: false, failure),
    };

    private async Task PrepareDeviceAsync(PreparationPlan plan, int index, Progress progress, CancellationToken token)
    {
        var uid = plan.Identity.Uid;
        var planned = plan.Devices[index];
        var address = planned.Address.ToString();
        var device = progress.Record!.Devices[index];

        // As planned, before the first commit folded the first device's progress in.
        var before = plan.Record.Devices[index];
        var turnOff = before.PersistenceWasOn == true && !before.PersistenceTurnedOff;

        // One durable record before any side effect on this device (W7): the release that undoes it is
        // convergent, so "about to turn persistence off and switch" is safe to record ahead of both. The first
        // device's is already in the claim's first commit.
        progress.At(turnOff ? ClaimStep.DisablePersistence : ClaimStep.WaitForHolders, address);
        hook.Before("prepare", turnOff ? ClaimStep.DisablePersistence : ClaimStep.WaitForHolders, uid, address);
        var next = AboutToSwitch(device);
        if (next != device)
        {
            progress.Record = progress.Record.WithDevice(index, next);
            await CommitAsync(progress.Record, republish: false, token).ConfigureAwait(false);
        }

        if (turnOff)
        {
            nvml.SetPersistenceMode(address, false);
        }

        if (turnOff && planned.Plan.Gpu.Driver == DriverKinds.Nvidia)
        {
            // The crash point between persistence off and the switch, named for the holder wait it precedes (the
            // wait itself comes only when the switch finds the GPU held; only a GPU on nvidia has a node to hold).
            progress.At(ClaimStep.WaitForHolders, address);
            hook.Before("prepare", ClaimStep.WaitForHolders, uid, address);
        }

        // The Switching record above precedes the switch's unbindLock write: release gives back a lock it left.
        progress.At(ClaimStep.SwitchDriver, address);
        hook.Before("prepare", ClaimStep.SwitchDriver, uid, address);
        await SwitchWhenFreeAsync(plan.Identity, planned.Plan with { UseDeviceCdev = plan.UseIommuFd }, address, progress, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Switches the GPU's group, waiting for the GPU's holders to go first when the switch finds it held (W2). The
    /// switch looks for holders itself, as its last check before its first write, and refuses a held GPU there, so
    /// a GPU that is free, the usual case, costs one walk of /proc rather than a check here and another in the switch
    /// (each tens of milliseconds on a node with a thousand processes).
    /// </summary>
    private async Task SwitchWhenFreeAsync(ClaimIdentity identity, PassthroughPlan switchPlan, string address, Progress progress, CancellationToken token)
    {
        var remaining = options.PrepareTimeout - SwitchReserve;
        var timeout = Min(options.HolderWaitTimeout, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                await driverSwitch.SwitchToVfioAsync(switchPlan, token).ConfigureAwait(false);
                return;
            }
            catch (GpuBusyException busy)
            {
                var left = timeout - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw InUse(busy);
                }

                progress.At(ClaimStep.WaitForHolders, address);
                logger.WaitingForHolders(address, busy.DevicePath, left.TotalMilliseconds);
                try
                {
                    await holders.WaitUntilFreeAsync(busy.DevicePath, left, switchPlan.Gpu.Address, token).ConfigureAwait(false);
                }
                catch (GpuBusyException still)
                {
                    throw InUse(still);
                }

                // Free now: the switch checks once more, right before its first write, and may find a newcomer.
                progress.At(ClaimStep.SwitchDriver, address);
            }
        }

        GpuInUseException InUse(GpuBusyException busy) =>
            new(identity.Description, address, busy.DevicePath, busy.Holders, timeout, busy);
    }

    private async Task<List<PreparedDeviceRecord>> WriteFilesAsync(PreparationPlan plan, Progress progress, CancellationToken token)
    {
        var uid = plan.Identity.Uid;
        progress.At(ClaimStep.WriteCdiSpec, null);
        hook.Before("prepare", ClaimStep.WriteCdiSpec, uid, null);
        var cdevs = plan.UseIommuFd ? DeviceCdevs(plan) : null;
        var specDevices = plan.Devices.Select((d, i) => (d.Resolved.Device, d.Plan.IommuGroup, cdevs?[i])).ToList();
        var spec = ClaimCdiSpecs.BuildClaimSpec(options.DriverName, uid, specDevices, cdevs is not null, plan.EnableApiDevice);
        await cdi.WriteAsync(spec, progress.Record!.CdiSpecName, token).ConfigureAwait(false);
        var metadataIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in plan.MetadataFiles)
        {
            progress.At(ClaimStep.WriteMetadata, null);
            hook.Before("prepare", ClaimStep.WriteMetadata, uid, null);
            AtomicFile.Write(options.PluginDataDirectory, file.HostPath, file.Content.Span);
            await cdi.WriteAsync(ClaimCdiSpecs.BuildMetadataSpec(file), file.CdiSpecFileName, token).ConfigureAwait(false);
            metadataIds[file.Request] = file.CdiDeviceId;
        }

        var result = new List<PreparedDeviceRecord>();
        foreach (var device in plan.Devices)
        {
            var request = BaseRequest(device.Resolved.Request);
            List<string> ids = [ClaimCdiSpecs.DeviceId(options.DriverName, uid, device.Resolved.Device)];
            if (metadataIds.Remove(request, out var metadataId))
            {
                ids.Add(metadataId); // K5: only on the first device of the request.
            }

            result.Add(new PreparedDeviceRecord([request], device.Resolved.Pool, device.Resolved.Device, ids));
        }

        return result;
    }

    /// <summary>
    /// The device cdev of every device, or <see langword="null"/> when one has none: PreferIommuFD then falls back
    /// to the legacy group nodes, as it does without <c>/dev/iommu</c>. A kernel can have iommufd but be built
    /// without <c>CONFIG_VFIO_DEVICE_CDEV</c>; that is only known once the device is on its VFIO driver.
    /// </summary>
    private string[]? DeviceCdevs(PreparationPlan plan)
    {
        var cdevs = plan.Devices.Select(d => discovery.GetVfioCdev(d.Address)).ToArray();
        var missing = Array.IndexOf(cdevs, null);
        if (missing < 0)
        {
            return cdevs!;
        }

        var address = plan.Devices[missing].Address.ToString();
        if (plan.Devices.FirstOrDefault(d => d.Plan.IommuGroup is null) is { } groupless)
        {
            throw new ClaimPreparationException(plan.Identity.Description, groupless.Address.ToString(), ClaimStep.WriteCdiSpec, $"backendPolicy PreferIommuFD: the kernel made no VFIO device cdev for GPU {address} (its vfio-dev/vfioN has no dev file: the kernel lacks CONFIG_VFIO_DEVICE_CDEV), and GPU {groupless.Address} has no IOMMU group to fall back to /dev/vfio/<group>; enable the IOMMU or use a kernel with CONFIG_VFIO_DEVICE_CDEV", rolledBack: false);
        }

        logger.IommuFdFallback(plan.Identity.Description, address);
        return null;
    }

    /// <summary>A device's record once persistence is about to be turned off (if it was on) and the switch to start.</summary>
    private static DeviceRecord AboutToSwitch(DeviceRecord device) => device with
    {
        PersistenceTurnedOff = device.PersistenceTurnedOff || device.PersistenceWasOn == true,
        Progress = DeviceProgress.Switching,
    };

    private Task<Checkpoint> CommitAsync(ClaimRecord record, bool republish, CancellationToken token) =>
        commits.CommitAsync(checkpoint => checkpoint.With(record), republish, token);

    private async Task<bool> RollBackAsync(ClaimRecord record, Exception failure)
    {
        // The caller's deadline may be gone; the rollback gets its own bounded time so the node is left clean. It
        // runs under this claim's GPU locks (never the node lock), so only the next claim on these GPUs waits for it.
        using var rollback = new CancellationTokenSource(RollbackTimeout, time);
        try
        {
            var checkpoint = commits.Read();
            if (!checkpoint.Claims.TryGetValue(record.Uid, out var recorded))
            {
                return true; // Failed before anything was recorded, so before any side effect.
            }

            await releaser.ReleaseAsync("rollback", recorded, checkpoint, rollback.Token).ConfigureAwait(false);
            hook.Before("rollback", ClaimStep.Forget, record.Uid, null);
            await commits.CommitAsync(c => c.Without(record.Uid), republish: true, rollback.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not CheckpointCorruptException)
        {
            logger.ClaimRollbackFailed(new AggregateException(failure, ex), $"{record.Namespace}/{record.Name} ({record.Uid})");
            return false;
        }
    }

    /// <summary>Where a prepare is, for error messages and the rollback.</summary>
    private sealed class Progress
    {
        public ClaimRecord? Record { get; set; }

        public ClaimStep Step { get; private set; } = ClaimStep.Validate;

        public string? Device { get; private set; }

        public void At(ClaimStep step, string? device)
        {
            Step = step;
            Device = device;
        }
    }
}
