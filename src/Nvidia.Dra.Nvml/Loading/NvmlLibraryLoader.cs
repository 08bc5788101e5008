using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Nvml.Loading;

/// <summary>
/// Finds and loads <c>libnvidia-ml.so.1</c>. The first successful load searches and fixes the file for the process;
/// every later load (a new NVML session after the previous one was unloaded) loads that same file again, so the
/// settings may change only until the first load.
/// </summary>
internal sealed class NvmlLibraryLoader
{
    private readonly INativeLibraryProbe _probe;
    private readonly Lock _gate = new();
    private NvmlLibrarySettings _settings = NvmlLibrarySettings.Default;
    private LoadTarget? _target;

    /// <summary>Creates a loader over <paramref name="probe"/>.</summary>
    public NvmlLibraryLoader(INativeLibraryProbe probe)
    {
        _probe = probe;
    }

    /// <summary>The loader every native client of the process shares, so that they all use one library file.</summary>
    public static NvmlLibraryLoader Shared { get; } = new(NativeLibraryProbe.Instance);

    /// <summary>The file fixed by the first successful load (or the dynamic loader's search, described), or
    /// <see langword="null"/> before it.</summary>
    public string? LibraryPath
    {
        get
        {
            lock (_gate)
            {
                return _target?.Description;
            }
        }
    }

    /// <summary>The settings in force.</summary>
    public NvmlLibrarySettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>Sets where to search. Allowed until the library is first loaded; afterwards only the same settings
    /// are accepted, because the process does not switch to another libnvidia-ml.</summary>
    /// <exception cref="InvalidOperationException">The library was loaded already with other settings.</exception>
    public void Configure(NvmlLibrarySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            if (_target is { } target && settings != _settings)
            {
                throw new InvalidOperationException(
                    $"NVML is already loaded from {target.Description} (driver root {_settings.DriverRoot}, library path " +
                    $"{_settings.LibraryPath ?? "none"}); it cannot be reloaded with driver root {settings.DriverRoot} and " +
                    $"library path {settings.LibraryPath ?? "none"} in the same process. Configure NVML once, before its first use.");
            }

            _settings = settings;
        }
    }

    /// <summary>Loads the library: the first time by searching, afterwards the same file again. Each load is a
    /// reference the caller gives back with <see cref="Free"/>.</summary>
    /// <exception cref="NvmlLibraryNotFoundException">No candidate could be loaded, or the file loaded before cannot
    /// be loaded again.</exception>
    public NvmlLoadedLibrary Load(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        lock (_gate)
        {
            return _target is { } target ? Reload(target, logger) : Search(_settings, logger);
        }
    }

    /// <summary>Gives back one load; the library's entry points must no longer be used.</summary>
    public void Free(NvmlLoadedLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        _probe.Free(library.Handle);
    }

    private NvmlLoadedLibrary Reload(LoadTarget target, ILogger logger)
    {
        string? failure;
        var handle = target.ByName
            ? _probe.TryLoadByName(NvmlLibraryCandidates.FileName, out failure)
            : _probe.TryLoad(target.Path, out failure);
        if (handle == 0)
        {
            var searched = new[] { $"{target.Description} (load failed: {failure ?? "not found"})" };
            logger.LibraryNotFound(_settings.DriverRoot, searched[0]);
            throw new NvmlLibraryNotFoundException(
                $"libnvidia-ml.so.1 was loaded from {target.Description} before but cannot be loaded again ({failure ?? "not found"}); " +
                "the driver may have been upgraded or removed while this process ran. " + NvmlReturnInfo.Remedy(NvmlReturn.LibraryNotFound),
                searched);
        }

        logger.LibraryReloaded(target.Description);
        return Bound(target, handle);
    }

    private NvmlLoadedLibrary Search(NvmlLibrarySettings settings, ILogger logger)
    {
        var searched = new List<string>();
        foreach (var candidate in NvmlLibraryCandidates.For(settings))
        {
            var resolved = _probe.ResolveRegularFile(candidate, out var reason);
            if (resolved is null)
            {
                Reject(candidate, reason ?? "not found");
                continue;
            }

            var handle = _probe.TryLoad(resolved, out var failure);
            if (handle == 0)
            {
                Reject(resolved == candidate ? candidate : $"{candidate} -> {resolved}", $"load failed: {failure}");
                continue;
            }

            return Loaded(new LoadTarget(resolved, ByName: false), handle);
        }

        if (NvmlLibraryCandidates.UsesLoaderSearch(settings))
        {
            var handle = _probe.TryLoadByName(NvmlLibraryCandidates.FileName, out var failure);
            if (handle != 0)
            {
                return Loaded(new LoadTarget(NvmlLibraryCandidates.FileName, ByName: true), handle);
            }

            Reject($"{NvmlLibraryCandidates.FileName} via the dynamic loader", failure ?? "not found");
        }

        logger.LibraryNotFound(settings.DriverRoot, string.Join(", ", searched));
        throw new NvmlLibraryNotFoundException(
            $"libnvidia-ml.so.1 could not be loaded (driver root {settings.DriverRoot}, library path " +
            $"{settings.LibraryPath ?? "not set"}). Tried: {string.Join("; ", searched)}. " +
            NvmlReturnInfo.Remedy(NvmlReturn.LibraryNotFound),
            searched);

        void Reject(string candidate, string reason)
        {
            searched.Add($"{candidate} ({reason})");
            logger.LibraryCandidateRejected(candidate, reason);
        }

        NvmlLoadedLibrary Loaded(LoadTarget target, nint handle)
        {
            _target = target;
            logger.LibraryLoaded(target.Description, settings.DriverRoot);
            return Bound(target, handle);
        }
    }

    private static NvmlLoadedLibrary Bound(LoadTarget target, nint handle) => new(target.Description, handle, target.Path);

    // What the first load found: a file by its resolved path, or the dynamic loader's own search for the soname.
    private sealed record LoadTarget(string Path, bool ByName)
    {
        public string Description => ByName ? $"{Path} (dynamic loader search)" : Path;
    }
}
