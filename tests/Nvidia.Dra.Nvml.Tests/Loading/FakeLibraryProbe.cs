using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Tests.Loading;

/// <summary>A probe over a dictionary of files: which exist, where links point, which load.</summary>
internal sealed class FakeLibraryProbe : INativeLibraryProbe
{
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Loadable { get; } = new(StringComparer.Ordinal);

    public bool LoaderFindsByName { get; set; }

    public HashSet<string> Exports { get; } = new(StringComparer.Ordinal);

    public List<string> LoadAttempts { get; } = [];

    /// <summary>Adds a loadable library at <paramref name="path"/>, optionally reached through a link.</summary>
    public FakeLibraryProbe WithLibrary(string path, string? linkTarget = null)
    {
        Files[path] = linkTarget ?? path;
        Loadable.Add(linkTarget ?? path);
        return this;
    }

    public string? ResolveRegularFile(string path, out string? reason)
    {
        if (Files.TryGetValue(path, out var target))
        {
            reason = null;
            return target;
        }

        reason = "not found";
        return null;
    }

    public nint TryLoad(string path, out string? failure)
    {
        LoadAttempts.Add(path);
        failure = Loadable.Contains(path) ? null : "invalid ELF header";
        return failure is null ? LoadAttempts.Count : 0;
    }

    public nint TryLoadByName(string name, out string? failure)
    {
        LoadAttempts.Add(name);
        failure = LoaderFindsByName ? null : "not found by the dynamic loader";
        return LoaderFindsByName ? 999 : 0;
    }

    public List<nint> Freed { get; } = [];

    // The loader tests never release libcuda; CudaReferenceReleaseTests model the references.
    public nint TryReferenceLoaded(string nameOrPath) => 0;

    public nint GetExport(nint handle, string name) => Exports.Contains(name) ? 0x1000 + Exports.Count : 0;

    public void Free(nint handle) => Freed.Add(handle);
}
