namespace Nvidia.Dra.Nvml.Loading;

/// <summary>The file-system and dynamic-loader operations the library search needs; a seam for tests.</summary>
internal interface INativeLibraryProbe
{
    /// <summary>Follows symbolic links to the final regular file, or returns <see langword="null"/> with the
    /// reason if <paramref name="path"/> is missing or not a regular file.</summary>
    string? ResolveRegularFile(string path, out string? reason);

    /// <summary>Loads a library by full path; on failure returns 0 and the loader's message.</summary>
    nint TryLoad(string path, out string? failure);

    /// <summary>Loads a library by name through the dynamic loader's own search; on failure returns 0.</summary>
    nint TryLoadByName(string name, out string? failure);

    /// <summary>The address of export <paramref name="name"/> in the loaded library, or 0 if it lacks it.</summary>
    nint GetExport(nint handle, string name);

    /// <summary>Takes one more reference to a library only if it is loaded already (<c>RTLD_NOLOAD</c>), or returns 0
    /// and loads nothing. The reference is given back with <see cref="Free"/>.</summary>
    nint TryReferenceLoaded(string nameOrPath);

    /// <summary>Gives back one load of a library (the dynamic loader unmaps it after the last).</summary>
    void Free(nint handle);
}
