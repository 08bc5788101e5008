using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>"modprobe" for the simulated host: registers the module and its driver directory.</summary>
public sealed class SimulatedModuleLoader : IModuleLoader
{
    private readonly SimulatedTree _tree;
    private readonly List<string> _loaded = [];

    internal SimulatedModuleLoader(SimulatedTree tree) => _tree = tree;

    /// <summary>Gets the modules loaded through this loader, in order.</summary>
    public IReadOnlyList<string> Loaded
    {
        get
        {
            lock (_loaded)
            {
                return [.. _loaded];
            }
        }
    }

    /// <summary>Gets or sets a value indicating whether loading fails (a module missing from /lib/modules).</summary>
    public bool Fail { get; set; }

    /// <inheritdoc/>
    public Task LoadAsync(string module, CancellationToken cancellationToken = default)
    {
        if (Fail)
        {
            throw new InvalidOperationException($"modprobe: FATAL: Module {module} not found in directory /lib/modules (simulated)");
        }

        lock (_loaded)
        {
            _loaded.Add(module);
        }

        _tree.RegisterModule(module, DriverNameOf(module));
        return Task.CompletedTask;
    }

    /// <summary>The driver directory a module registers: vfio_pci and nvidia_nvswitch use '-', variants keep '_'.</summary>
    /// <param name="module">The module.</param>
    /// <returns>The driver name, or null for modules that register no PCI driver.</returns>
    public static string? DriverNameOf(string module) => module switch
    {
        "vfio_pci" => "vfio-pci",
        "nvidia_nvswitch" => "nvidia-nvswitch",
        "nvidia_uvm" or "nvidia_modeset" or "vfio" or "vfio_iommu_type1" => null,
        _ => module,
    };
}
