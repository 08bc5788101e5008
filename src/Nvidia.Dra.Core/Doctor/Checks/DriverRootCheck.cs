namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>The configured NVIDIA driver root holds a driver (Helm <c>nvidiaDriverRoot</c>).</summary>
internal sealed class DriverRootCheck : IDoctorCheck
{
    public string Name => "driver-root";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configured = DriverRootDetector.ProbePath(context.Host.DriverRoot, context.Host.DriverRoot, context.FileSystem);
        var probes = DriverRootDetector.Probe(context.Host.HostRoot, context.Options.DriverRootCandidates, context.FileSystem);
        var evidence = new List<string>();
        foreach (var probe in probes)
        {
            evidence.Add(probe.HasDriver ? $"{probe.Root}: {string.Join(", ", probe.Files)}" : $"{probe.Root}: no libnvidia-ml.so.1 or nvidia-smi under {probe.Path}");
        }

        var found = probes.Where(p => p.HasDriver).ToList();
        if (configured.HasDriver)
        {
            var root = probes.FirstOrDefault(p => p.Path == configured.Path)?.Root ?? context.Host.DriverRoot;
            var others = found.Where(p => p.Path != configured.Path).Select(p => p.Root).ToList();
            if (probes.All(p => p.Path != configured.Path))
            {
                evidence.Insert(0, $"{context.Host.DriverRoot}: {string.Join(", ", configured.Files)}");
            }

            return CheckResults.One(others.Count == 0
                ? new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, $"NVIDIA driver found at driver root {root}", evidence)
                : new DoctorFinding(
                    Name,
                    DoctorFinding.NodeSubject,
                    DoctorStatus.Warning,
                    $"NVIDIA driver found at driver root {root}, and also under {string.Join(", ", others)}",
                    evidence,
                    $"make sure nvidiaDriverRoot names the driver the kernel module belongs to ({root} is used now); remove the stale install"));
        }

        return CheckResults.One(found.Count > 0
            ? new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Blocking,
                $"no NVIDIA driver under the configured driver root {context.Host.DriverRoot}; found under {found[0].Root}",
                evidence,
                $"set nvidiaDriverRoot (nvdra: --driver-root) to {found[0].Root}")
            : new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Blocking,
                "no NVIDIA driver found under any known driver root",
                evidence,
                "install the NVIDIA driver on the host (driver root /), deploy the GPU Operator (/run/nvidia/driver), or pass the driver root where it is installed"));
    }
}
