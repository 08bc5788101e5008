namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>
/// The guide's nvidia-persistenced row: from DRA driver v0.4.0 on (and in these packages) persistence mode is turned
/// off on the target GPU before the switch and restored afterwards, so the service may keep running.
/// </summary>
internal sealed class PersistencedCheck(Vfio.IPersistencedDetector detector) : IDoctorCheck
{
    public string Name => "nvidia-persistenced";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = ComponentFacts.Of(context, NodeProcessKind.Persistenced);
        var socket = detector.IsRunning();
        var evidence = facts.Evidence();
        evidence.Add(socket ? $"socket {detector.SocketPath} exists" : $"no socket {detector.SocketPath}");
        return CheckResults.One(facts.IsRunning || socket
            ? new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Ok,
                "nvidia-persistenced is running: fine from DRA driver v0.4.0 on (persistence mode is turned off on the target GPU before the switch and restored after)",
                evidence,
                "nothing with these packages or DRA driver v0.4.0+; with an older DRA driver stop the service")
            : new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, "nvidia-persistenced is not running", evidence));
    }
}
