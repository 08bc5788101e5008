namespace Nvidia.Dra.Vfio;

/// <summary>One function of the GPU's IOMMU group and what the plan does with it.</summary>
/// <param name="Function">
/// The function as the plan read it (<see cref="IPciDiscovery.GetFunctionForPlan"/>): what its checks use, and of a
/// PCI bridge (excluded from viability) only its identity, modalias and driver; the other properties keep their defaults.
/// </param>
/// <param name="Role">What happens to it.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record PlanMember(PciFunction Function, PlanRole Role, string Reason);
