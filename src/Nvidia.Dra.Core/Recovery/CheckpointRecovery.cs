using Microsoft.Extensions.Logging;
using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Locking;
using Nvidia.Dra.Core.Preparation;
using Nvidia.Dra.Vfio;
using VfioPciAddress = Nvidia.Dra.Vfio.PciAddress;

namespace Nvidia.Dra.Core.Recovery;

/// <summary>
/// Start-up reconciliation of the checkpoint with the node (the node lock only around each commit; a half-done claim
/// under its GPUs' locks, and left alone when another plugin instance holds them). After a reboot (boot id changed)
/// every claim is forgotten and its leftover files removed: the GPUs came back on their boot drivers. Otherwise a
/// claim left half-prepared or half-unprepared by a crash is rolled back with the same convergent release as
/// unprepare, and a completed claim is kept — its GPUs form the exclusion state (the W1 backstop) — with a warning
/// when one was rebound out of band. A corrupt checkpoint stops start-up with <see cref="CheckpointCorruptException"/>.
/// </summary>
internal sealed class CheckpointRecovery(
    NvidiaDraOptions options,
    ClaimReleaser releaser,
    UnrecordedGpuReleaser unrecordedReleaser,
    UnrecordedGpuRegistry unrecorded,
    IDriverSwitch driverSwitch,
    ICdiSpecWriter cdi,
    CheckpointCommits commits,
    GpuLocks gpuLocks,
    IClaimStepHook hook,
    ILogger logger)
{
    private static readonly TimeSpan ClaimInProgressWait = TimeSpan.FromSeconds(2);

    /// <summary>Reconciles the checkpoint with the node.</summary>
    /// <param name="bootId">The node's boot id now.</param>
    /// <param name="cancellationToken">Ends the recovery.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="CheckpointCorruptException">The checkpoint cannot be read; it was left untouched.</exception>
    public async Task<RecoveryOutcome> RecoverAsync(string bootId, CancellationToken cancellationToken)
    {
        var checkpoint = commits.Read();
        if (checkpoint.BootId.Length > 0 && bootId.Length > 0 && !string.Equals(checkpoint.BootId, bootId, StringComparison.Ordinal))
        {
            logger.CheckpointResetAfterReboot(checkpoint.BootId, bootId, checkpoint.Claims.Count);
            foreach (var claim in checkpoint.Claims.Values)
            {
                await RemoveFilesAsync(claim, cancellationToken).ConfigureAwait(false);
            }

            await commits.CommitAsync(_ => new Checkpoint { BootId = bootId }, republish: false, cancellationToken).ConfigureAwait(false);
            return new RecoveryOutcome(true, [.. checkpoint.Claims.Keys], [], []);
        }

        var recovered = new List<string>();
        var errors = new List<NvidiaDraException>();
        var kept = new List<string>();
        if (!string.Equals(checkpoint.BootId, bootId, StringComparison.Ordinal))
        {
            checkpoint = await commits.CommitAsync(c => c with { BootId = bootId }, republish: false, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in checkpoint.Claims.Values.OrderBy(c => c.State == ClaimState.PrepareCompleted).ToList())
        {
            var description = $"{claim.Namespace}/{claim.Name} ({claim.Uid})";
            if (claim.State == ClaimState.PrepareCompleted)
            {
                WarnIfRebound(claim, description);
                kept.Add(claim.Uid);
                continue;
            }

            // A half-done claim whose GPUs are locked is in progress in another plugin instance, not crashed: leave it.
            using var gpus = await gpuLocks.TryAcquireAsync(claim.Devices.Select(d => GpuLocks.KeyOf(d.IommuGroup, d.PciAddress)), ClaimInProgressWait, cancellationToken).ConfigureAwait(false);
            if (gpus is null)
            {
                logger.ClaimInProgressElsewhere(description, claim.State.ToString());
                kept.Add(claim.Uid);
                continue;
            }

            try
            {
                checkpoint = commits.Read();
                var current = checkpoint.Claims.GetValueOrDefault(claim.Uid);
                if (current is null || current.State == ClaimState.PrepareCompleted)
                {
                    continue; // Finished by its owner while we waited for its GPUs.
                }

                await releaser.ReleaseAsync("recovery", current, checkpoint, cancellationToken).ConfigureAwait(false);
                hook.Before("recovery", ClaimStep.Forget, claim.Uid, null);
                checkpoint = await commits.CommitAsync(c => c.Without(claim.Uid), republish: false, cancellationToken).ConfigureAwait(false);
                logger.ClaimRecovered(description, claim.State.ToString());
                recovered.Add(claim.Uid);
            }
            catch (Exception ex) when (ex is not CheckpointCorruptException and not OperationCanceledException)
            {
                logger.ClaimRecoveryFailed(ex, description);
                errors.Add(ex as NvidiaDraException ?? new ClaimPreparationException(description, null, ClaimStep.RestoreDriver, ex.Message, rolledBack: false, isTransient: true, ex));
                kept.Add(claim.Uid);
            }
        }

        return new RecoveryOutcome(false, recovered, errors, kept) { UnrecordedGpus = await HandleUnrecordedAsync(checkpoint, errors, cancellationToken).ConfigureAwait(false) };
    }

    private async Task<List<UnrecordedVfioGpu>> HandleUnrecordedAsync(Checkpoint checkpoint, List<NvidiaDraException> errors, CancellationToken cancellationToken)
    {
        var handled = new List<UnrecordedVfioGpu>();
        foreach (var gpu in UnrecordedGpuFinder.Find(options.DriverName, options.CdiRoot, checkpoint, a => driverSwitch.ReadBinding(a).Driver, path => path))
        {
            NvidiaDraMetrics.UnrecordedVfioGpus.Add(1);
            var evidence = string.Join(", ", gpu.Files.Select(Path.GetFileName));
            if (options.RestoreUnrecordedVfioGpus)
            {
                try
                {
                    await unrecordedReleaser.ReleaseAsync(gpu, cancellationToken).ConfigureAwait(false);
                    logger.UnrecordedVfioGpu(gpu.PciAddress, gpu.Driver, gpu.ClaimUid, evidence, "Restored it to nvidia and removed the files (RestoreUnrecordedVfioGpus)");
                    handled.Add(gpu with { Restored = true });
                    continue;
                }
                catch (Exception ex) when (ex is VfioException or NvidiaDraException or Cdi.CdiException or IOException)
                {
                    errors.Add(new ClaimPreparationException($"(unrecorded claim {gpu.ClaimUid})", gpu.PciAddress, ClaimStep.RestoreDriver, $"GPU {gpu.PciAddress} could not be restored to nvidia: {ex.Message}", rolledBack: false, isTransient: true, ex));
                }
            }

            unrecorded.Add(gpu);
            logger.UnrecordedVfioGpu(gpu.PciAddress, gpu.Driver, gpu.ClaimUid, evidence, "It is kept out of the ResourceSlices until kubelet unprepares that claim (which restores it); set RestoreUnrecordedVfioGpus to restore such GPUs at start-up");
            handled.Add(gpu);
        }

        return handled;
    }

    private async Task RemoveFilesAsync(ClaimRecord claim, CancellationToken cancellationToken)
    {
        foreach (var name in claim.MetadataSpecNames)
        {
            await cdi.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
        }

        if (claim.MetadataDirectory is { } directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        await cdi.RemoveAsync(claim.CdiSpecName, cancellationToken).ConfigureAwait(false);
    }

    private void WarnIfRebound(ClaimRecord claim, string description)
    {
        foreach (var device in claim.Devices)
        {
            try
            {
                var driver = driverSwitch.ReadBinding(VfioPciAddress.Parse(device.PciAddress)).Driver;
                if (!DriverKinds.IsVfio(driver))
                {
                    logger.PreparedGpuRebound(device.PciAddress, description, driver ?? "no driver");
                }
            }
            catch (VfioException ex)
            {
                logger.ClaimRecoveryFailed(ex, description);
            }
        }
    }
}
