using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>The process's one native NVML instance, created on first use from the shared loader.</summary>
internal static class NativeNvmlBackend
{
    private static readonly Lock Gate = new();
    private static NvmlBackend? _backend;

    /// <summary>Loads the library (if not yet loaded) and returns the shared instance.</summary>
    /// <exception cref="NvmlLibraryNotFoundException">The library was not found.</exception>
    public static NvmlBackend Get(ILogger logger)
    {
        lock (Gate)
        {
            if (_backend is null)
            {
                var library = NvmlLibraryLoader.Shared.Load(logger);
                var api = new NativeNvmlApi(library, logger);
                _backend = new NvmlBackend(api, new NvmlLifetime(api, logger));
            }

            return _backend;
        }
    }
}
