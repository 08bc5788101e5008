namespace Nvidia.Dra.Core.Advertising;

/// <summary>Which kind of kernel driver a GPU is bound to right now.</summary>
public enum GpuDriverBinding
{
    /// <summary>No driver is bound (a valid, recoverable state).</summary>
    None,

    /// <summary>The NVIDIA kernel driver (<c>nvidia</c>).</summary>
    Nvidia,

    /// <summary><c>vfio-pci</c> or one of its variants (for example <c>nvgrace_gpu_vfio_pci</c>).</summary>
    Vfio,

    /// <summary>Any other driver (for example <c>nouveau</c> or <c>pci-stub</c>).</summary>
    Other,
}
