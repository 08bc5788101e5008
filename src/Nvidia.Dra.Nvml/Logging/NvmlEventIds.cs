namespace Nvidia.Dra.Nvml;

/// <summary>The event ids this package logs with (range 4000–4999), for filters and alerts.</summary>
public static class NvmlEventIds
{
    /// <summary><c>libnvidia-ml.so.1</c> was loaded; names the path.</summary>
    public const int LibraryLoaded = 4000;

    /// <summary>A candidate path for the library was skipped or failed to load.</summary>
    public const int LibraryCandidateRejected = 4001;

    /// <summary>The library was found nowhere.</summary>
    public const int LibraryNotFound = 4002;

    /// <summary>A versioned entry point is missing and an older one is used instead.</summary>
    public const int VersionedEntryPointFallback = 4003;

    /// <summary>NVML was initialised (a session began).</summary>
    public const int Initialized = 4004;

    /// <summary>NVML was shut down (a session ended).</summary>
    public const int ShutDown = 4005;

    /// <summary><c>nvmlShutdown</c> failed.</summary>
    public const int ShutdownFailed = 4006;

    /// <summary>A GPU's persistence mode was changed.</summary>
    public const int PersistenceModeChanged = 4007;

    /// <summary>An optional GPU property is not available on this GPU or driver.</summary>
    public const int PropertyUnavailable = 4008;

    /// <summary>The library was unloaded at the end of an NVML session (idle, last client gone, or a failed init).</summary>
    public const int LibraryUnloaded = 4009;

    /// <summary>The library was loaded again, from the file the first load found, for a new NVML session.</summary>
    public const int LibraryReloaded = 4010;

    /// <summary><c>nvmlShutdown</c> failed, so the library was left loaded instead of being unloaded.</summary>
    public const int LibraryLeftLoaded = 4011;

    /// <summary>After an NVML unload: what became of the libcuda reference NVML's init took.</summary>
    public const int CudaReference = 4012;
}
