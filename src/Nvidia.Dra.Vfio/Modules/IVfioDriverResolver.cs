namespace Nvidia.Dra.Vfio;

/// <summary>Chooses the VFIO driver for a device and makes sure it is registered.</summary>
public interface IVfioDriverResolver
{
    /// <summary>Chooses the VFIO module from <c>modules.alias</c> (fewest wildcards; <c>vfio_pci</c> when nothing matches).</summary>
    /// <param name="function">The device.</param>
    /// <returns>The choice and why.</returns>
    VfioDriverChoice Choose(PciFunction function);

    /// <summary>Whether a module is loaded (<c>/sys/module/&lt;module&gt;</c> exists).</summary>
    /// <param name="module">The module name, with underscores.</param>
    /// <returns><see langword="true"/> when loaded or built in.</returns>
    bool IsModuleLoaded(string module);

    /// <summary>
    /// Finds the driver directory name of a module under <c>/sys/bus/pci/drivers</c>: the module name itself, then the
    /// name with <c>_</c> replaced by <c>-</c> (never substituted blindly).
    /// </summary>
    /// <param name="module">The module name.</param>
    /// <returns>The driver name, or <see langword="null"/> when the driver is not registered.</returns>
    string? FindDriverName(string module);

    /// <summary>Returns the driver name of the chosen module, loading the module first when needed and allowed.</summary>
    /// <param name="choice">The chosen module.</param>
    /// <param name="device">The device it is for (named in errors).</param>
    /// <param name="cancellationToken">Cancels the wait for the module load.</param>
    /// <returns>The driver directory name, e.g. <c>vfio-pci</c>.</returns>
    /// <exception cref="VfioDriverUnavailableException">The driver is not registered and could not be loaded.</exception>
    Task<string> EnsureDriverAsync(VfioDriverChoice choice, PciAddress device, CancellationToken cancellationToken = default);
}
