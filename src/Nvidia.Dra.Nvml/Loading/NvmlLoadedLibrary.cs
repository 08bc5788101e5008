namespace Nvidia.Dra.Nvml.Loading;

/// <summary>One load of the library: its path, and its handle (valid until freed).</summary>
internal sealed record NvmlLoadedLibrary(string Path, nint Handle);
