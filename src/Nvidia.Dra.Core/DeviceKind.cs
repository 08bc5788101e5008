namespace Nvidia.Dra.Core;

/// <summary>The kinds of device the driver advertises under <c>gpu.nvidia.com</c> (the <c>type</c> attribute).</summary>
public enum DeviceKind
{
    /// <summary>A whole GPU on the nvidia driver, for containers.</summary>
    Gpu,

    /// <summary>A MIG slice of a GPU, for containers.</summary>
    Mig,

    /// <summary>A whole GPU to be bound to vfio-pci, for virtual machines.</summary>
    Vfio,
}
