namespace Nvidia.Dra.Vfio;

/// <summary>Builds passthrough plans: IOMMU group viability, companions, SR-IOV and driver checks. Reads only.</summary>
public interface IPassthroughPlanner
{
    /// <summary>Plans passing a GPU through.</summary>
    /// <param name="gpu">The GPU's address.</param>
    /// <returns>The plan; check <see cref="PassthroughPlan.IsViable"/> or call <see cref="PassthroughPlan.EnsureViable"/>.</returns>
    /// <exception cref="PciDeviceNotFoundException">No such function.</exception>
    /// <exception cref="UnsupportedDeviceException">The function is not an NVIDIA GPU (an NVSwitch, a VF, another vendor).</exception>
    PassthroughPlan Plan(PciAddress gpu);

    /// <summary>Throws when the function has SR-IOV virtual functions enabled; a function without SR-IOV passes.</summary>
    /// <param name="device">The function.</param>
    /// <exception cref="VirtualFunctionsEnabledException">VFs are enabled.</exception>
    void EnsureNoVirtualFunctions(PciAddress device);
}
