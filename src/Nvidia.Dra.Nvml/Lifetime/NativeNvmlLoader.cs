using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>Loads the real <c>libnvidia-ml.so.1</c> through the process's shared library loader and binds a fresh
/// entry-point table to each load. With <paramref name="releaseCuda"/>, each unload also gives back the libcuda
/// reference NVML's init took (see <see cref="CudaReferenceRelease"/>).</summary>
internal sealed class NativeNvmlLoader(NvmlLibraryLoader libraries, INativeLibraryProbe probe, ILogger logger, bool releaseCuda = false)
    : INvmlLoader
{
    private int _loads;

    /// <inheritdoc />
    public INvmlLoad Load()
    {
        // Checked before NVML is loaded: its init is what loads libcuda.
        var cudaLoadedBefore = releaseCuda && CudaReferenceRelease.IsLoaded(probe, CudaReferenceRelease.CudaLibrary);
        var library = libraries.Load(logger);
        var entryPoints = NvmlEntryPoints.Bind(name => probe.GetExport(library.Handle, name));

        // The exports do not change between loads of the same file; say which fall back once.
        if (Interlocked.Increment(ref _loads) == 1)
        {
            NativeNvmlApi.LogFallbacks(entryPoints.Exports, logger);
        }

        return new NativeLoad(library, new NativeNvmlApi(entryPoints), () => Unload(library, cudaLoadedBefore));
    }

    private void Unload(NvmlLoadedLibrary library, bool cudaLoadedBefore)
    {
        libraries.Free(library);
        if (releaseCuda)
        {
            // By what was passed to the loader (a path, or the file name it searched for), which the loader matches.
            var outcome = CudaReferenceRelease.Release(probe, library.LoadName, CudaReferenceRelease.CudaLibrary, cudaLoadedBefore);
            logger.CudaReference(CudaReferenceRelease.CudaLibrary, outcome);
        }
    }

    private sealed class NativeLoad(NvmlLoadedLibrary library, INvmlApi api, Action unload) : INvmlLoad
    {
        public INvmlApi Api { get; } = api;

        public string LibraryPath => library.Description;

        public void Unload() => unload();
    }
}
