namespace Nvidia.Dra.Vfio;

/// <summary>One function of the GPU's IOMMU group and what the plan does with it.</summary>
/// <param name="Function">
/// The function. For a PCI bridge (excluded from viability) only its identity and driver are read (see
/// <see cref="IPciDiscovery.GetFunctionOrBridge"/>); its other properties keep their defaults.
/// </param>
/// <param name="Role">What happens to it.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record PlanMember(PciFunction Function, PlanRole Role, string Reason);
