using System.Globalization;
using Nvidia.Dra.Nvml;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>NVML loads from the driver root and initialises (the plugin cannot start otherwise).</summary>
internal sealed class NvmlCheck(INvml nvml) : IDoctorCheck
{
    public string Name => "nvml";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var system = nvml.GetSystemInfo();
            var gpus = nvml.GetGpus();
            List<string> evidence =
            [
                $"driver {system.DriverVersion}, NVML {system.NvmlVersion}, CUDA {system.CudaDriverVersion}",
                string.Create(CultureInfo.InvariantCulture, $"{gpus.Count} GPUs visible to NVML (GPUs on vfio-pci are not)"),
            ];
            evidence.AddRange(gpus.Select(g => $"{g.PciBusId}: {g.Name} {g.Uuid}"));
            return CheckResults.One(new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, $"NVML loaded: driver {system.DriverVersion}", evidence));
        }
        catch (NvmlLibraryNotFoundException ex)
        {
            return CheckResults.One(new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Blocking,
                "libnvidia-ml.so.1 not found: the plugin cannot start",
                [.. ex.SearchedPaths.Select(p => "searched " + p)],
                "point the driver root at the NVIDIA driver (/ host install, /run/nvidia/driver GPU Operator, /home/kubernetes/bin/nvidia GKE) or install the driver"));
        }
        catch (NvmlException ex)
        {
            return CheckResults.One(new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Blocking,
                "NVML failed: the plugin cannot start",
                [ex.Message],
                "check that the NVIDIA kernel module is loaded and matches the user-space driver (nvidia-smi on the host)"));
        }
    }
}
