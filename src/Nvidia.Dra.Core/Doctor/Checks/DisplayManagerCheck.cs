namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>The guide's "display-manager (Xorg): must be disabled".</summary>
internal sealed class DisplayManagerCheck : IDoctorCheck
{
    private const string Remedy = "disable the display manager on GPU nodes (systemctl disable --now display-manager; gdm, sddm or lightdm) or configure Xorg not to use the NVIDIA GPUs";

    public string Name => "display-manager";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = ComponentFacts.Of(context, NodeProcessKind.DisplayManager);
        if (!facts.IsRunning)
        {
            return CheckResults.One(new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, "no Xorg or display manager running", [$"no such process under {context.Host.ProcRoot}"]));
        }

        return CheckResults.One(facts.Holding.Count > 0
            ? new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Blocking, "a display manager holds a GPU: it must be disabled", facts.Evidence(), Remedy)
            : new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Warning, "a display manager is running (holding no GPU now); it must be disabled before it takes one", facts.Evidence(), Remedy));
    }
}
