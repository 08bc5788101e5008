using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>Loads the real <c>libnvidia-ml.so.1</c> through the process's shared library loader and binds a fresh
/// entry-point table to each load.</summary>
internal sealed class NativeNvmlLoader(NvmlLibraryLoader libraries, INativeLibraryProbe probe, ILogger logger) : INvmlLoader
{
    private int _loads;

    /// <inheritdoc />
    public INvmlLoad Load()
    {
        var library = libraries.Load(logger);
        var entryPoints = NvmlEntryPoints.Bind(name => probe.GetExport(library.Handle, name));

        // The exports do not change between loads of the same file; say which fall back once.
        if (Interlocked.Increment(ref _loads) == 1)
        {
            NativeNvmlApi.LogFallbacks(entryPoints.Exports, logger);
        }

        return new NativeLoad(libraries, library, new NativeNvmlApi(entryPoints));
    }

    private sealed class NativeLoad(NvmlLibraryLoader libraries, NvmlLoadedLibrary library, INvmlApi api) : INvmlLoad
    {
        public INvmlApi Api { get; } = api;

        public string LibraryPath => library.Path;

        public void Unload() => libraries.Free(library);
    }
}
