using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>
/// Gives back the reference to <c>libcuda.so.1</c> that NVML's initialisation takes and neither <c>nvmlShutdown</c>
/// nor unloading NVML returns (measured with driver 580 on an H200 node: 3.8 MiB stay mapped for the life of the
/// process). Only after NVML is gone from the process (so none of its code can call into libcuda any more) and only if
/// libcuda was not loaded before the session began (so the reference given back is the one NVML took, not the
/// process's own).
/// </summary>
internal static class CudaReferenceRelease
{
    /// <summary>The library NVML loads.</summary>
    public const string CudaLibrary = "libcuda.so.1";

    /// <summary>Whether <paramref name="library"/> is loaded in this process now; loads nothing.</summary>
    public static bool IsLoaded(INativeLibraryProbe probe, string library)
    {
        var handle = probe.TryReferenceLoaded(library);
        if (handle == 0)
        {
            return false;
        }

        probe.Free(handle);
        return true;
    }

    /// <summary>After an NVML session ended and its library was freed: gives back NVML's reference to
    /// <paramref name="cudaLibrary"/> if the conditions above hold.</summary>
    /// <param name="probe">The dynamic loader.</param>
    /// <param name="nvmlLibrary">The NVML file the session loaded (a path, or the name the loader found).</param>
    /// <param name="cudaLibrary">The library to give back, <see cref="CudaLibrary"/> outside tests.</param>
    /// <param name="loadedBeforeSession">Whether it was loaded before the session's NVML load.</param>
    public static CudaReleaseOutcome Release(INativeLibraryProbe probe, string nvmlLibrary, string cudaLibrary, bool loadedBeforeSession)
    {
        if (loadedBeforeSession)
        {
            return CudaReleaseOutcome.LoadedBeforeSession;
        }

        // Another client's session still has NVML loaded and initialised, and it may use libcuda.
        if (IsLoaded(probe, nvmlLibrary))
        {
            return CudaReleaseOutcome.NvmlStillLoaded;
        }

        var handle = probe.TryReferenceLoaded(cudaLibrary);
        if (handle == 0)
        {
            return CudaReleaseOutcome.NotLoaded;
        }

        // One Free for the reference just taken, one for NVML's.
        probe.Free(handle);
        probe.Free(handle);
        return IsLoaded(probe, cudaLibrary) ? CudaReleaseOutcome.StillReferenced : CudaReleaseOutcome.Released;
    }
}

/// <summary>What <see cref="CudaReferenceRelease.Release"/> did.</summary>
internal enum CudaReleaseOutcome
{
    /// <summary>NVML's reference was given back and the library is unloaded.</summary>
    Released,

    /// <summary>NVML's reference was given back; someone else in the process holds another.</summary>
    StillReferenced,

    /// <summary>Nothing to give back: the library is not loaded.</summary>
    NotLoaded,

    /// <summary>Left alone: the process had it loaded before the session.</summary>
    LoadedBeforeSession,

    /// <summary>Left alone: NVML is still loaded by another session in the process.</summary>
    NvmlStillLoaded,
}
