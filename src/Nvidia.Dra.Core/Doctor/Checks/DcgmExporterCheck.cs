namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>
/// The guide's dcgm-exporter row: recommended to disable; v4.5.0+ can release GPUs with the experimental
/// <c>DCGM_EXPORTER_ENABLE_GPU_BIND_UNBIND_WATCH=true</c>, which is looked for in the process's environment.
/// </summary>
internal sealed class DcgmExporterCheck : IDoctorCheck
{
    private const string WatchVariable = "DCGM_EXPORTER_ENABLE_GPU_BIND_UNBIND_WATCH";

    public string Name => "dcgm-exporter";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = ComponentFacts.Of(context, NodeProcessKind.DcgmExporter);
        if (!facts.IsRunning)
        {
            return CheckResults.One(new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, "dcgm-exporter not running", [$"no dcgm-exporter process under {context.Host.ProcRoot}"]));
        }

        var evidence = facts.Evidence();
        var watching = facts.Running.Where(p => WatchesBindUnbind(context, p.Pid)).ToList();
        evidence.AddRange(watching.Select(p => $"PID {p.Pid} has {WatchVariable}=true"));
        if (facts.Running.Count > 0 && watching.Count == facts.Running.Count)
        {
            return CheckResults.One(new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Ok,
                "dcgm-exporter is running with the (experimental) bind/unbind watch, so it releases GPUs that switch drivers",
                evidence));
        }

        return CheckResults.One(new DoctorFinding(
            Name,
            DoctorFinding.NodeSubject,
            DoctorStatus.Warning,
            facts.Holding.Count > 0
                ? "dcgm-exporter holds GPUs: a prepare waits for it and fails unless it releases them"
                : "dcgm-exporter is running; recommended to disable on passthrough nodes",
            evidence,
            $"disable dcgm-exporter on these nodes, or run v4.5.0+ with {WatchVariable}=true and DCGM_EXPORTER_GPU_BIND_UNBIND_POLL_INTERVAL=1s (experimental)"));
    }

    private static bool WatchesBindUnbind(DoctorContext context, int pid)
    {
        var environment = ProcessTable.ReadText(context.FileSystem, Path.Join(context.Host.ProcRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "environ"));
        return environment is not null && environment.Split('\0').Any(v =>
            v.StartsWith(WatchVariable + "=", StringComparison.Ordinal) &&
            bool.TryParse(v.AsSpan(WatchVariable.Length + 1), out var on) && on);
    }
}
