using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>The guide's first prerequisite: the IOMMU is on (<c>/sys/kernel/iommu_groups</c> has groups).</summary>
internal sealed class IommuCheck(IIommuInspector iommu) : IDoctorCheck
{
    public string Name => "iommu";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = iommu.GetState();
        List<string> evidence =
        [
            state.Reason,
            state.IommufdAvailable ? $"{Path.Join(context.Host.DevRoot, "iommu")} exists: iommufd available" : $"{Path.Join(context.Host.DevRoot, "iommu")} does not exist: legacy /dev/vfio backend only (fine for KubeVirt)",
        ];
        if (ProcessTable.ReadText(context.FileSystem, Path.Join(context.Host.ProcRoot, "cmdline"))?.Trim() is { Length: > 0 } commandLine)
        {
            evidence.Add("kernel command line: " + commandLine);
        }

        return CheckResults.One(state.Enabled
            ? new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, string.Create(CultureInfo.InvariantCulture, $"IOMMU enabled ({state.GroupCount} groups)"), evidence)
            : new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Blocking,
                "IOMMU not enabled: VFIO passthrough is impossible and the plugin refuses to start with PassthroughSupport on",
                evidence,
                "enable VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware, add intel_iommu=on (or amd_iommu=on) iommu=pt to the kernel command line, and reboot"));
    }
}
