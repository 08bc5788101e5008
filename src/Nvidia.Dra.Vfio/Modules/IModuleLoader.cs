namespace Nvidia.Dra.Vfio;

/// <summary>Loads a kernel module on the host.</summary>
public interface IModuleLoader
{
    /// <summary>Loads a module.</summary>
    /// <param name="module">The module name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the loader has finished.</returns>
    Task LoadAsync(string module, CancellationToken cancellationToken = default);
}
