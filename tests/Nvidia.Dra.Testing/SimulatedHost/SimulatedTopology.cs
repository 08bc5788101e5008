
namespace Nvidia.Dra.Testing;

/// <summary>A simulated machine: its PCI functions, IOMMU state, loaded modules and module aliases.</summary>
public sealed record SimulatedTopology
{
    /// <summary>Gets a short name for messages and demos.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the PCI functions.</summary>
    public required IReadOnlyList<SimulatedFunction> Functions { get; init; }

    /// <summary>Gets a value indicating whether the IOMMU is on (groups exist).</summary>
    public bool IommuEnabled { get; init; } = true;

    /// <summary>Gets a value indicating whether iommufd is available (<c>/dev/iommu</c> exists).</summary>
    public bool IommufdEnabled { get; init; }

    /// <summary>Gets what binding a VFIO driver creates under <c>vfio-dev/</c> (and whether a device cdev appears).</summary>
    public SimulatedVfioDev VfioDev { get; init; }

    /// <summary>Gets the modules loaded at start (drivers registered); the VFIO module can be left out to test loading.</summary>
    public IReadOnlyList<string> LoadedModules { get; init; } = ["nvidia", "vfio_pci", "snd_hda_intel", "mlx5_core", "pcieport", "nvidia_nvswitch"];

    /// <summary>Gets the extra lines of <c>modules.alias</c>.</summary>
    public IReadOnlyList<string> ModuleAliases { get; init; } = ["alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci"];

    /// <summary>Gets the kernel release.</summary>
    public string KernelRelease { get; init; } = "6.18.0-sim";

    /// <summary>Gets a value indicating whether nvidia-persistenced's socket exists.</summary>
    public bool PersistencedRunning { get; init; }
}
