using Microsoft.Extensions.Logging;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Locking;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Unprepares a claim under the locks of its own GPUs (the node lock only around each checkpoint commit): marks it <see cref="ClaimState.UnprepareStarted"/>, restores exactly the
/// recorded prior state of every device (found by the recorded PCI address, W13; drivers, overrides and
/// persistence, W6/W10), removes its CDI and metadata files, then forgets it. A claim the checkpoint does not know
/// is already unprepared (idempotent). An interrupted unprepare is finished by the next call or by recovery.
/// </summary>
internal sealed class ClaimUnpreparer(
    NvidiaDraOptions options,
    ClaimReleaser releaser,
    CheckpointCommits commits,
    GpuLocks gpuLocks,
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
        var progress = new Progress();
        await Abandonable.RunAsync(
            async token =>
            {
                await RunAsync(uid, description, progress, token).ConfigureAwait(false);
                return true;
            },
            options.UnprepareTimeout,
            time,
            cancellationToken,
            () => new ClaimPreparationException(description, progress.Device, progress.Step, "the caller gave up on the unprepare; it continues in the background within its own bound, and kubelet's retry finds it done or finishes it", rolledBack: false, isTransient: true)).ConfigureAwait(false);
    }

    private async Task RunAsync(string uid, string description, Progress progress, CancellationToken token)
    {
        var record = commits.Read().Claims.GetValueOrDefault(uid);
        if (record is null)
        {
            // Unknown is done, unless start-up found its GPUs switched with the record lost: then "ok" must mean restored.
            await ReleaseUnrecordedAsync(uid, description, token).ConfigureAwait(false);
            return;
        }

        // Only this claim's GPUs are locked while they are restored; the node lock only around each commit.
        using var gpus = await gpuLocks.AcquireAsync(record.Devices.Select(d => GpuLocks.KeyOf(d.IommuGroup, d.PciAddress)), token).ConfigureAwait(false);
        description = $"{record.Namespace}/{record.Name} ({record.Uid})";
        try
        {
            progress.At(ClaimStep.RecordCheckpoint, null);
            hook.Before("unprepare", ClaimStep.RecordCheckpoint, uid, null);

            // The record as it is now that the GPUs are ours, and "being unprepared" written on it, in one node-lock
            // hold: another call may have unprepared the claim while this one waited for the GPUs.
            ClaimRecord? started = null;
            var checkpoint = await commits.CommitIfAsync(
                c => c.Claims.TryGetValue(uid, out var now) ? c.With(started = now with { State = ClaimState.UnprepareStarted }) : null,
                republish: false,
                token).ConfigureAwait(false);
            if (checkpoint is null || started is null)
            {
                return;
            }

            record = started;
            await releaser.ReleaseAsync("unprepare", record, checkpoint, token, progress.At).ConfigureAwait(false);
            progress.At(ClaimStep.Forget, null);
            hook.Before("unprepare", ClaimStep.Forget, uid, null);
            await commits.CommitAsync(c => c.Without(uid), republish: true, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not CheckpointCorruptException)
        {
            logger.ClaimUnprepareFailed(ex, description);
            var transient = ex is OperationCanceledException or GpuBusyException or DriverSwitchInFlightException || ex is NvidiaDraException { IsTransient: true };
            throw new ClaimPreparationException(description, progress.Device, progress.Step, ex.Message, rolledBack: false, transient, ex);
        }

        logger.ClaimUnprepared(description, record.Devices.Count);
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
        commits.Rebuild();
    }

    /// <summary>Where an unprepare is, for error messages.</summary>
    private sealed class Progress
    {
        public ClaimStep Step { get; private set; } = ClaimStep.RecordCheckpoint;

        public string? Device { get; private set; }

        public void At(ClaimStep step, string? device)
        {
            Step = step;
            Device = device;
        }
    }
}
