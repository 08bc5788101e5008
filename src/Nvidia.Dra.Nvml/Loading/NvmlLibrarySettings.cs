namespace Nvidia.Dra.Nvml.Loading;

/// <summary>Where to look for <c>libnvidia-ml.so.1</c>; fixed for the process once the library is loaded.</summary>
/// <param name="DriverRoot">The root the NVIDIA driver is installed under (<c>/</c>, <c>/run/nvidia/driver</c>, …).</param>
/// <param name="LibraryPath">A full path that replaces the search, or <see langword="null"/>.</param>
internal sealed record NvmlLibrarySettings(string DriverRoot, string? LibraryPath)
{
    /// <summary>The host's own driver, found by the search.</summary>
    public static NvmlLibrarySettings Default { get; } = new("/", null);
}
