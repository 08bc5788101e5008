using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>Classifies a bound driver name.</summary>
internal static class DriverKinds
{
    /// <summary>The NVIDIA kernel driver.</summary>
    public const string Nvidia = "nvidia";

    /// <summary>Whether a driver is vfio-pci or one of its variants (<c>nvgrace_gpu_vfio_pci</c>).</summary>
    /// <param name="driver">The driver name.</param>
    /// <returns><see langword="true"/> for a VFIO driver.</returns>
    public static bool IsVfio(string? driver) =>
        driver is not null && (driver.EndsWith("vfio-pci", StringComparison.Ordinal) || driver.EndsWith("vfio_pci", StringComparison.Ordinal));

    /// <summary>Classifies a driver name.</summary>
    /// <param name="driver">The driver name, or <see langword="null"/> when none is bound.</param>
    /// <returns>The binding kind.</returns>
    public static GpuDriverBinding Classify(string? driver) => driver switch
    {
        null => GpuDriverBinding.None,
        Nvidia => GpuDriverBinding.Nvidia,
        _ when IsVfio(driver) => GpuDriverBinding.Vfio,
        _ => GpuDriverBinding.Other,
    };
}
