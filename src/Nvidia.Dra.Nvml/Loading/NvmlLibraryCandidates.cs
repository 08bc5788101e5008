namespace Nvidia.Dra.Nvml.Loading;

/// <summary>The places <c>libnvidia-ml.so.1</c> is looked for under a driver root, in order.</summary>
internal static class NvmlLibraryCandidates
{
    /// <summary>The file name, a versioned soname.</summary>
    public const string FileName = "libnvidia-ml.so.1";

    /// <summary>
    /// Library directories searched under the driver root: the reference DRA driver's list plus the Debian
    /// <c>nvidia/current</c> directories that nvidia-container-toolkit also searches.
    /// </summary>
    public static IReadOnlyList<string> LibraryDirectories { get; } =
    [
        "usr/lib64",
        "usr/lib/x86_64-linux-gnu",
        "usr/lib/aarch64-linux-gnu",
        "usr/lib/x86_64-linux-gnu/nvidia/current",
        "usr/lib/aarch64-linux-gnu/nvidia/current",
        "lib64",
        "lib/x86_64-linux-gnu",
        "lib/aarch64-linux-gnu",
        "lib/x86_64-linux-gnu/nvidia/current",
        "lib/aarch64-linux-gnu/nvidia/current",
    ];

    /// <summary>Full candidate paths: the override alone if one is set, else the root itself and then each
    /// library directory under it.</summary>
    public static IReadOnlyList<string> For(NvmlLibrarySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.LibraryPath is { } path)
        {
            return [path];
        }

        var candidates = new List<string>(LibraryDirectories.Count + 1)
        {
            Path.Join(settings.DriverRoot, FileName),
        };
        candidates.AddRange(LibraryDirectories.Select(directory => Path.Join(settings.DriverRoot, directory, FileName)));
        return candidates;
    }

    /// <summary>
    /// Whether the dynamic loader's own search (ld.so.cache, <c>LD_LIBRARY_PATH</c>) may be tried last. Only for the
    /// host root without an override: for a containerised driver root it could find a library of another driver.
    /// </summary>
    public static bool UsesLoaderSearch(NvmlLibrarySettings settings) =>
        settings.LibraryPath is null && IsHostRoot(settings.DriverRoot);

    private static bool IsHostRoot(string driverRoot) => driverRoot.TrimEnd('/').Length == 0;
}
