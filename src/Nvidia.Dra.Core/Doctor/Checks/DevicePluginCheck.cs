namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>
/// The guide's "nvidia-device-plugin: must be disabled; not supported on the same node as the DRA driver": found by
/// its process (in any container) or its socket in kubelet's device-plugin directory.
/// </summary>
internal sealed class DevicePluginCheck : IDoctorCheck
{
    public string Name => "nvidia-device-plugin";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = ComponentFacts.Of(context, NodeProcessKind.DevicePlugin);
        var directory = context.UnderHostRoot(context.Options.DevicePluginDirectory);
        var sockets = context.FileSystem.Directory.Exists(directory)
            ? context.FileSystem.Directory.EnumerateFileSystemEntries(directory, "nvidia*.sock").Order(StringComparer.Ordinal).ToList()
            : [];
        if (!facts.IsRunning && sockets.Count == 0)
        {
            return CheckResults.One(new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Ok,
                "nvidia-device-plugin not present",
                [$"no nvidia-device-plugin process under {context.Host.ProcRoot}", $"no nvidia*.sock under {directory}"]));
        }

        var evidence = facts.Evidence();
        evidence.AddRange(sockets.Select(s => "device-plugin socket " + s));
        return CheckResults.One(new DoctorFinding(
            Name,
            DoctorFinding.NodeSubject,
            DoctorStatus.Blocking,
            "nvidia-device-plugin is present: not supported on the same node as the DRA driver, which handles container and passthrough allocation",
            evidence,
            "exclude nvidia-device-plugin from this node with a node selector or taint (GPU Operator: label the node nvidia.com/gpu.deploy.device-plugin=false)"));
    }
}
