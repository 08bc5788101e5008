using Microsoft.Extensions.Logging;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Locking;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Unprepares a claim under the node lock: marks it <see cref="ClaimState.UnprepareStarted"/>, restores exactly the
/// recorded prior state of every device (found by the recorded PCI address, W13; drivers, overrides and
/// persistence, W6/W10), removes its CDI and metadata files, then forgets it. A claim the checkpoint does not know
/// is already unprepared (idempotent). An interrupted unprepare is finished by the next call or by recovery.
/// </summary>
internal sealed class ClaimUnpreparer(
    NvidiaDraOptions options,
    ClaimReleaser releaser,
    CheckpointStore store,
    NodeLock nodeLock,
    PoolPublisher publisher,
    IClaimStepHook hook,
    TimeProvider time,
    Recovery.UnrecordedGpuRegistry unrecorded,
    Recovery.UnrecordedGpuReleaser unrecordedReleaser,
    ILogger logger)
{
    /// <summary>Unprepares one claim.</summary>
    /// <param name="uid">The claim UID (validated by the caller).</param>
    /// <param name="description">The claim, for messages.</param>
    /// <param name="cancellationToken">The caller's cancellation; the call's own deadline is added.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    /// <exception cref="NvidiaDraException">The release did not complete; the claim stays recorded.</exception>
    public async Task UnprepareAsync(string uid, string description, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.UnprepareTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var held = await nodeLock.AcquireAsync(options.NodeLockTimeout < options.UnprepareTimeout ? options.NodeLockTimeout : options.UnprepareTimeout, linked.Token).ConfigureAwait(false);
        var checkpoint = store.Load();
        if (!checkpoint.Claims.TryGetValue(uid, out var record))
        {
            // Unknown is done, unless start-up found its GPUs switched with the record lost: then "ok" must mean restored.
            await ReleaseUnrecordedAsync(uid, description, linked.Token).ConfigureAwait(false);
            return;
        }

        description = $"{record.Namespace}/{record.Name} ({record.Uid})";
        var step = ClaimStep.RecordCheckpoint;
        string? device = null;
        try
        {
            hook.Before("unprepare", ClaimStep.RecordCheckpoint, uid, null);
            record = record with { State = ClaimState.UnprepareStarted };
            checkpoint = checkpoint.With(record);
            store.Save(checkpoint);
            await releaser.ReleaseAsync("unprepare", record, checkpoint, linked.Token, (s, d) => (step, device) = (s, d)).ConfigureAwait(false);
            step = ClaimStep.Forget;
            device = null;
            hook.Before("unprepare", ClaimStep.Forget, uid, null);
            checkpoint = checkpoint.Without(uid);
            store.Save(checkpoint);
        }
        catch (Exception ex) when (ex is not CheckpointCorruptException)
        {
            logger.ClaimUnprepareFailed(ex, description);
            var transient = ex is OperationCanceledException or GpuBusyException or DriverSwitchInFlightException || ex is NvidiaDraException { IsTransient: true };
            throw new ClaimPreparationException(description, device, step, ex.Message, rolledBack: false, transient, ex);
        }

        logger.ClaimUnprepared(description, record.Devices.Count);
        Republish(checkpoint);
    }

    private async Task ReleaseUnrecordedAsync(string uid, string description, CancellationToken cancellationToken)
    {
        var gpus = unrecorded.OfClaim(uid);
        if (gpus.Count == 0)
        {
            return;
        }

        foreach (var gpu in gpus)
        {
            try
            {
                await unrecordedReleaser.ReleaseAsync(gpu, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not CheckpointCorruptException)
            {
                logger.ClaimUnprepareFailed(ex, description);
                var transient = ex is OperationCanceledException or GpuBusyException or DriverSwitchInFlightException || ex is NvidiaDraException { IsTransient: true };
                throw new ClaimPreparationException(description, gpu.PciAddress, ClaimStep.RestoreDriver, $"GPU {gpu.PciAddress} of this claim was found on {gpu.Driver} with no checkpoint record (lost checkpoint) and could not be restored: {ex.Message}", rolledBack: false, transient, ex);
            }
        }

        logger.ClaimUnprepared(description, gpus.Count);
        Republish(store.Load());
    }

    private void Republish(Checkpoint checkpoint)
    {
        publisher.TryRebuild(checkpoint.Claims.Values.SelectMany(c => c.Devices.Select(d => d.PciAddress)).ToHashSet(StringComparer.Ordinal));
    }
}
