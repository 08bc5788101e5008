namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>Loads NVML for one session: the native library, or the fake in tests.</summary>
internal interface INvmlLoader
{
    /// <summary>Loads the library and binds its calls; nothing is initialised yet.</summary>
    /// <exception cref="NvmlLibraryNotFoundException">The library could not be loaded.</exception>
    INvmlLoad Load();
}
