using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;
using VfioPciAddress = Nvidia.Dra.Vfio.PciAddress;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Undoes whatever a claim record says was, or may have been, done — in reverse order: the metadata and CDI files
/// first, then the devices last to first (recorded drivers and overrides, then persistence, only where prepare
/// turned it off, W6). Every step converges from any state, so the same code serves unprepare, the rollback of a
/// failed prepare and crash recovery, and may run again after it was interrupted. Functions owned by another
/// completed claim are never touched (W7).
/// </summary>
internal sealed class ClaimReleaser(IDriverSwitch driverSwitch, INvml nvml, ICdiSpecWriter cdi, IClaimStepHook hook, TimeProvider time)
{
    private static readonly TimeSpan NvmlReappearTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NvmlPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Releases the claim's files and devices.</summary>
    /// <param name="operation">"unprepare", "rollback" or "recovery", for the step hook.</param>
    /// <param name="claim">The recorded claim.</param>
    /// <param name="checkpoint">The checkpoint, to find other claims' devices.</param>
    /// <param name="cancellationToken">Ends the release (it can be run again).</param>
    /// <param name="onStep">Told each step and device, for error messages.</param>
    /// <returns>A task that completes when everything is restored.</returns>
    public async Task ReleaseAsync(string operation, ClaimRecord claim, Checkpoint checkpoint, CancellationToken cancellationToken, Action<ClaimStep, string?>? onStep = null)
    {
        onStep?.Invoke(ClaimStep.RemoveFiles, null);
        hook.Before(operation, ClaimStep.RemoveFiles, claim.Uid, null);
        foreach (var name in claim.MetadataSpecNames.Reverse())
        {
            await cdi.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
        }

        if (claim.MetadataDirectory is { } directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        await cdi.RemoveAsync(claim.CdiSpecName, cancellationToken).ConfigureAwait(false);
        for (var i = claim.Devices.Count - 1; i >= 0; i--)
        {
            var device = claim.Devices[i];
            if (device.Progress == DeviceProgress.Switching)
            {
                onStep?.Invoke(ClaimStep.RestoreDriver, device.PciAddress);
                hook.Before(operation, ClaimStep.RestoreDriver, claim.Uid, device.PciAddress);
                var functions = device.Functions
                    .Where(f => checkpoint.OwnerOf(f.Address, claim.Uid) is not { State: ClaimState.PrepareCompleted })
                    .Select(f => new FunctionBinding(VfioPciAddress.Parse(f.Address), f.Driver, f.DriverOverride))
                    .ToList();
                if (functions.Count > 0)
                {
                    var record = new DriverSwitchRecord(VfioPciAddress.Parse(device.PciAddress), device.IommuGroup, device.VfioModule, functions);
                    await driverSwitch.RestoreAsync(record, cancellationToken).ConfigureAwait(false);
                }
            }

            if (device.PersistenceTurnedOff)
            {
                onStep?.Invoke(ClaimStep.RestorePersistence, device.PciAddress);
                hook.Before(operation, ClaimStep.RestorePersistence, claim.Uid, device.PciAddress);
                await RestorePersistenceAsync(claim, device.PciAddress, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RestorePersistenceAsync(ClaimRecord claim, string pciAddress, CancellationToken cancellationToken)
    {
        // After the rebind the driver may take a moment to show the GPU to NVML again.
        var started = time.GetTimestamp();
        NvmlGpu? gpu;
        while (!nvml.TryGetGpuByPciBusId(pciAddress, out gpu))
        {
            if (time.GetElapsedTime(started) >= NvmlReappearTimeout)
            {
                throw new ClaimPreparationException(
                    $"{claim.Namespace}/{claim.Name} ({claim.Uid})",
                    pciAddress,
                    ClaimStep.RestorePersistence,
                    $"GPU {pciAddress} did not reappear in NVML within {NvmlReappearTimeout.TotalSeconds} s after it was rebound to nvidia, so persistence mode could not be turned back on; check 'nvidia-smi -q -i {pciAddress}' and dmesg",
                    rolledBack: false,
                    isTransient: true);
            }

            await Task.Delay(NvmlPollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        if (!(gpu.PersistenceModeEnabled ?? nvml.GetPersistenceMode(pciAddress)))
        {
            nvml.SetPersistenceMode(pciAddress, true);
        }
    }
}
