namespace Nvidia.Dra.Vfio;

/// <summary>
/// What passing a GPU through takes: the functions to move to the VFIO driver (GPU first), the ones that may stay,
/// and what blocks it. <see cref="PriorState"/> is the record to persist before switching.
/// </summary>
public sealed record PassthroughPlan
{
    /// <summary>
    /// Gets the GPU as the plan read it (<see cref="IPciDiscovery.GetFunctionForPlan"/>): identity, binding, IOMMU
    /// group, SR-IOV, modalias and consumers; its descriptive attributes (BARs, NUMA node...) are not read.
    /// </summary>
    public required PciFunction Gpu { get; init; }

    /// <summary>Gets the GPU's IOMMU group, or <see langword="null"/> when it has none.</summary>
    public int? IommuGroup { get; init; }

    /// <summary>Gets the VFIO module chosen for the GPU.</summary>
    public required VfioDriverChoice VfioDriver { get; init; }

    /// <summary>Gets every function of the group (the GPU alone when it has no group), with its role.</summary>
    public required IReadOnlyList<PlanMember> Members { get; init; }

    /// <summary>
    /// Gets a value indicating whether the consumer opens the functions through their VFIO device cdevs (iommufd):
    /// the switch then also waits for <c>/dev/vfio/devices/vfioN</c> of every function the kernel gave a cdev.
    /// <see langword="false"/> (the legacy backend, the one KubeVirt uses) waits for <c>/dev/vfio/&lt;group&gt;</c>
    /// only. A kernel without <c>CONFIG_VFIO_DEVICE_CDEV</c> gives no cdev; the caller then falls back to the group.
    /// </summary>
    public bool UseDeviceCdev { get; init; }

    /// <summary>Gets what blocks passthrough; empty when viable.</summary>
    public required IReadOnlyList<PlanBlocker> Blockers { get; init; }

    /// <summary>Gets a value indicating whether the plan can be executed.</summary>
    public bool IsViable => Blockers.Count == 0;

    /// <summary>Gets the functions that move to the VFIO driver, GPU first.</summary>
    public IReadOnlyList<PciFunction> FunctionsToSwitch =>
        [.. Members.Where(m => m.Role == PlanRole.Switch).Select(m => m.Function)];

    /// <summary>Gets the prior state of every function to switch: persist it before calling the switch.</summary>
    public DriverSwitchRecord PriorState =>
        new(Gpu.Address, IommuGroup, VfioDriver.Module, [.. FunctionsToSwitch.Select(f => f.Binding)]);

    /// <summary>Throws the typed exception of the first blocker, if any.</summary>
    /// <exception cref="VirtualFunctionsEnabledException">SR-IOV VFs are enabled.</exception>
    /// <exception cref="IommuUnavailableException">The IOMMU is off or the GPU has no group.</exception>
    /// <exception cref="UnsupportedDeviceException">The GPU is on an unexpected driver.</exception>
    /// <exception cref="GroupNotViableException">A foreign device shares the group.</exception>
    public void EnsureViable()
    {
        if (Blockers.Count == 0)
        {
            return;
        }

        var first = Blockers[0];
        throw first.Kind switch
        {
            PlanBlockerKind.VirtualFunctionsEnabled => new VirtualFunctionsEnabledException(Gpu.Address, Gpu.Sriov.NumVfs),
            PlanBlockerKind.IommuDisabled or PlanBlockerKind.NoIommuGroup => new IommuUnavailableException(Gpu.Address, first.Message),
            PlanBlockerKind.UnexpectedDriver => new UnsupportedDeviceException(Gpu.Address, first.Message),
            _ => new GroupNotViableException(Gpu.Address, IommuGroup ?? -1, [.. Blockers.Where(b => b.Kind == PlanBlockerKind.ForeignDevice)]),
        };
    }
}
