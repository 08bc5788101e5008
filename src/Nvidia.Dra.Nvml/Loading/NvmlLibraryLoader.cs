using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Nvml.Loading;

/// <summary>
/// Finds and loads <c>libnvidia-ml.so.1</c> once. The <see cref="System.Runtime.InteropServices.NativeLibrary"/>
/// resolver is process-wide, so the settings may change only until the first load; after that they are locked.
/// </summary>
internal sealed class NvmlLibraryLoader
{
    private readonly INativeLibraryProbe _probe;
    private readonly Lock _gate = new();
    private NvmlLibrarySettings _settings = NvmlLibrarySettings.Default;
    private volatile NvmlLoadedLibrary? _loaded;

    /// <summary>Creates a loader over <paramref name="probe"/>.</summary>
    public NvmlLibraryLoader(INativeLibraryProbe probe)
    {
        _probe = probe;
    }

    /// <summary>The loader the P/Invoke resolver of this assembly uses.</summary>
    public static NvmlLibraryLoader Shared { get; } = new(NativeLibraryProbe.Instance);

    /// <summary>The loaded library, or <see langword="null"/> before the first successful load.</summary>
    public NvmlLoadedLibrary? LoadedLibrary => _loaded;

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

    /// <summary>Sets where to search. Allowed until the library is loaded; afterwards only the same settings are
    /// accepted, because the process cannot switch to another libnvidia-ml.</summary>
    /// <exception cref="InvalidOperationException">The library is already loaded with other settings.</exception>
    public void Configure(NvmlLibrarySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            if (_loaded is { } loaded && settings != _settings)
            {
                throw new InvalidOperationException(
                    $"NVML is already loaded from {loaded.Path} (driver root {_settings.DriverRoot}, library path " +
                    $"{_settings.LibraryPath ?? "none"}); it cannot be reloaded with driver root {settings.DriverRoot} and " +
                    $"library path {settings.LibraryPath ?? "none"} in the same process. Configure NVML once, before its first use.");
            }

            _settings = settings;
        }
    }

    /// <summary>Loads the library on the first call and returns the same one afterwards.</summary>
    /// <exception cref="NvmlLibraryNotFoundException">No candidate could be loaded.</exception>
    public NvmlLoadedLibrary Load(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (_loaded is { } done)
        {
            return done;
        }

        lock (_gate)
        {
            return _loaded ??= Search(_settings, logger);
        }
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

            return Loaded(resolved, handle);
        }

        if (NvmlLibraryCandidates.UsesLoaderSearch(settings))
        {
            var handle = _probe.TryLoadByName(NvmlLibraryCandidates.FileName, out var failure);
            if (handle != 0)
            {
                return Loaded($"{NvmlLibraryCandidates.FileName} (dynamic loader search)", handle);
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

        NvmlLoadedLibrary Loaded(string path, nint handle)
        {
            logger.LibraryLoaded(path, settings.DriverRoot);
            return new NvmlLoadedLibrary(path, handle, NvmlExports.Probe(name => _probe.HasExport(handle, name)));
        }
    }
}
