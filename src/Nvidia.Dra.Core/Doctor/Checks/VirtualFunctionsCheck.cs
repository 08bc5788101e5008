using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>No GPU has SR-IOV virtual functions enabled (a PF with VFs cannot be rebound); no SR-IOV at all is fine.</summary>
internal sealed class VirtualFunctionsCheck : IDoctorCheck
{
    public string Name => "sr-iov";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // gpu-driver reports a node without GPUs once.
        return CheckResults.Many([.. context.Gpus.Select(Check)]);
    }

    private DoctorFinding Check(PciFunction gpu)
    {
        var subject = gpu.Address.ToString();
        var sriov = gpu.Sriov;
        if (sriov.NumVfs > 0)
        {
            return new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Blocking,
                string.Create(CultureInfo.InvariantCulture, $"{sriov.NumVfs} SR-IOV virtual functions enabled"),
                [string.Create(CultureInfo.InvariantCulture, $"sriov_numvfs {sriov.NumVfs}, sriov_totalvfs {sriov.TotalVfs}")],
                "disable them (echo 0 > sriov_numvfs, or stop whatever creates vGPU VFs) before passing the whole GPU through");
        }

        return new DoctorFinding(
            Name,
            subject,
            DoctorStatus.Ok,
            "no virtual functions",
            [sriov.TotalVfs > 0
                ? string.Create(CultureInfo.InvariantCulture, $"SR-IOV capable (sriov_totalvfs {sriov.TotalVfs}), sriov_numvfs 0")
                : "no SR-IOV capability (no sriov_totalvfs)"]);
    }
}
