namespace Nvidia.Dra.Vfio;

/// <summary>What the passthrough plan does with a function of the GPU's IOMMU group.</summary>
public enum PlanRole
{
    /// <summary>Moves to the VFIO driver with the GPU (the GPU itself and its own companion functions).</summary>
    Switch,

    /// <summary>May stay as it is: a bridge, or already on a VFIO driver, <c>pci-stub</c> or no driver.</summary>
    Stay,

    /// <summary>Blocks passthrough: a foreign device on a host driver shares the group.</summary>
    Block,
}
