namespace Nvidia.Dra.Vfio;

/// <summary>Driver names with a meaning for passthrough.</summary>
internal static class DriverNames
{
    public const string Nvidia = "nvidia";
    public const string PciStub = "pci-stub";

    /// <summary>vfio-pci and its variants (e.g. <c>nvgrace_gpu_vfio_pci</c>) declare driver-managed DMA, like pci-stub.</summary>
    public static bool IsVfio(string? driver) =>
        driver is not null && (driver == "vfio-pci" || driver.EndsWith("vfio_pci", StringComparison.Ordinal) ||
                               driver.EndsWith("vfio-pci", StringComparison.Ordinal));

    public static bool IsDmaSafe(string? driver) => driver is null || driver == PciStub || IsVfio(driver);
}
