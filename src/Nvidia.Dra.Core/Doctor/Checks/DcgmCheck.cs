namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>The guide's dcgm row: recommended to disable; DCGM v4.5.0+ releases GPUs when they switch drivers.</summary>
internal sealed class DcgmCheck : IDoctorCheck
{
    public string Name => "dcgm";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = ComponentFacts.Of(context, NodeProcessKind.Dcgm);
        if (!facts.IsRunning)
        {
            return CheckResults.One(new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, "DCGM (nv-hostengine) not running", [$"no nv-hostengine process under {context.Host.ProcRoot}"]));
        }

        return CheckResults.One(new DoctorFinding(
            Name,
            DoctorFinding.NodeSubject,
            DoctorStatus.Warning,
            facts.Holding.Count > 0
                ? "DCGM (nv-hostengine) holds GPUs: a prepare waits for it and fails unless it releases them"
                : "DCGM (nv-hostengine) is running; recommended to disable on passthrough nodes",
            facts.Evidence(),
            "disable DCGM on these nodes (systemctl disable --now nvidia-dcgm), or run DCGM v4.5.0+, which releases GPUs when they switch between nvidia and vfio-pci"));
    }
}
