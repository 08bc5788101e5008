namespace Nvidia.Dra.Nvml.Loading;

/// <summary>The library that was loaded: its path, its handle and its versioned exports.</summary>
internal sealed record NvmlLoadedLibrary(string Path, nint Handle, NvmlExports Exports);
