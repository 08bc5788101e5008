using System.Reflection;
using System.Runtime.InteropServices;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Interop;

/// <summary>
/// The raw NVML entry points. One file per function group; this part owns the library name and the single
/// <see cref="NativeLibrary"/> resolver for this assembly.
/// </summary>
internal static partial class NvmlNative
{
    /// <summary>The versioned soname every binding names; the resolver maps it to the file actually loaded.</summary>
    public const string LibraryName = "libnvidia-ml.so.1";

    // An explicit static constructor (not [ModuleInitializer], which CA2255 flags in libraries) runs before the first
    // P/Invoke of this class, so the resolver is in place whichever binding is called first; a second registration
    // would throw, and a static constructor runs exactly once.
    static NvmlNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(NvmlNative).Assembly, Resolve);
    }

    /// <summary>Makes sure the resolver is registered; calling it runs the static constructor once.</summary>
    public static void EnsureResolverRegistered()
    {
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName && NvmlLibraryLoader.Shared.LoadedLibrary is { } loaded ? loaded.Handle : 0;
}
