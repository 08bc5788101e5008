namespace Nvidia.Dra.Vfio;

/// <summary>The GPU has SR-IOV virtual functions enabled; switching its physical function would tear them down.</summary>
public sealed class VirtualFunctionsEnabledException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The physical function.</param>
    /// <param name="virtualFunctions">The value of <c>sriov_numvfs</c>.</param>
    public VirtualFunctionsEnabledException(PciAddress device, int virtualFunctions)
        : base(
            $"PCI function {device} has {virtualFunctions} SR-IOV virtual functions enabled (sriov_numvfs = {virtualFunctions}); refusing to switch it. Disable them first: echo 0 > /sys/bus/pci/devices/{device}/sriov_numvfs.",
            device,
            VfioStep.Plan)
    {
        VirtualFunctions = virtualFunctions;
    }

    /// <summary>Gets the number of enabled virtual functions.</summary>
    public int VirtualFunctions { get; }
}
