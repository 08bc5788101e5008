namespace Nvidia.Dra.Nvml.Loading;

/// <summary>One load of the library: its path, its handle (valid until freed) and its versioned exports.</summary>
internal sealed record NvmlLoadedLibrary(string Path, nint Handle, NvmlExports Exports);
