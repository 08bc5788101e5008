using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>Each GPU's IOMMU group is viable: every other endpoint moves with the GPU or is already DMA-safe.</summary>
internal sealed class IommuGroupCheck(IPassthroughPlanner planner) : IDoctorCheck
{
    public string Name => "iommu-group";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // gpu-driver reports a node without GPUs once.
        return CheckResults.Many([.. context.Gpus.Select(Check)]);
    }

    private DoctorFinding Check(PciFunction gpu)
    {
        var subject = gpu.Address.ToString();
        var plan = planner.Plan(gpu.Address);
        var evidence = plan.Members.Select(m => $"{m.Function.Address} {Describe(m.Role)}: {m.Reason}").ToList();

        // SR-IOV and the GPU's own driver have their own checks.
        var blockers = plan.Blockers.Where(b => b.Kind is PlanBlockerKind.IommuDisabled or PlanBlockerKind.NoIommuGroup or PlanBlockerKind.ForeignDevice).ToList();
        if (blockers.Count == 0)
        {
            return new DoctorFinding(Name, subject, DoctorStatus.Ok, $"IOMMU group {plan.IommuGroup} is viable ({plan.Members.Count} functions)", evidence);
        }

        evidence.AddRange(blockers.Select(b => $"blocked by {b.Function}: {b.Message}"));
        return blockers.Any(b => b.Kind == PlanBlockerKind.ForeignDevice)
            ? new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Blocking,
                $"IOMMU group {plan.IommuGroup} is not viable: {string.Join(", ", blockers.Select(b => b.Function))} shares it on a host driver",
                evidence,
                "move the GPU to a slot with ACS isolation, or bind the other device to vfio-pci or pci-stub if the host does not need it")
            : new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Blocking,
                "no IOMMU group: the GPU cannot be isolated for passthrough",
                evidence,
                "enable the IOMMU (see the iommu check); with the IOMMU on, check the kernel log for DMAR/AMD-Vi errors on this device");
    }

    private static string Describe(PlanRole role) => role switch
    {
        PlanRole.Switch => "moves to vfio",
        PlanRole.Stay => "stays",
        _ => "blocks",
    };
}
