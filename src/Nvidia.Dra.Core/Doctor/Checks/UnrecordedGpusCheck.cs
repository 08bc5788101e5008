using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Recovery;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>
/// GPUs on a VFIO driver with the DRA driver's claim CDI spec and no checkpoint record: the checkpoint was lost or
/// deleted, so an unprepare by an older plugin would say "ok" and leave them switched. Read-only.
/// </summary>
internal sealed class UnrecordedGpusCheck : IDoctorCheck
{
    public string Name => "checkpoint-records";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cdiRoot = context.UnderHostRoot(context.Options.CdiRoot);
        var store = new CheckpointStore(context.UnderHostRoot(context.Options.PluginDataDirectory));
        Checkpoint checkpoint;
        try
        {
            checkpoint = store.Load();
        }
        catch (NvidiaDraException ex)
        {
            return CheckResults.One(new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Blocking, "the checkpoint cannot be read", [ex.Message], "repair or move the checkpoint as the message says"));
        }

        var gpus = UnrecordedGpuFinder.Find(context.Options.DriverName, cdiRoot, checkpoint, a => context.Gpus.FirstOrDefault(g => g.Address == a)?.Driver, context.UnderHostRoot);
        if (gpus.Count == 0)
        {
            return CheckResults.One(new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, "every GPU switched by the DRA driver is recorded in its checkpoint", [$"claim and metadata CDI specs under {cdiRoot} checked against {store.Path}"]));
        }

        return CheckResults.Many([.. gpus.Select(gpu => new DoctorFinding(
            Name,
            gpu.PciAddress,
            DoctorStatus.Blocking,
            $"on {gpu.Driver} with the DRA driver's files for claim {gpu.ClaimUid} but no record in {store.Path}: the checkpoint was lost or deleted",
            [.. gpu.Files.Select(f => "file " + f)],
            "the plugin keeps this GPU out of its ResourceSlices and restores it when kubelet unprepares that claim; to restore it now, stop the VM using it and restart the plugin with RestoreUnrecordedVfioGpus"))]);
    }
}
