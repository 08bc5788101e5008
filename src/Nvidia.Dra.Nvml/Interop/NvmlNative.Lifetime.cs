using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlInit_v2(void)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlInit_v2")]
    public static partial NvmlReturn InitV2();

    /// <summary><c>nvmlInitWithFlags(unsigned int flags)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlInitWithFlags")]
    public static partial NvmlReturn InitWithFlags(uint flags);

    /// <summary><c>nvmlShutdown(void)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlShutdown")]
    public static partial NvmlReturn Shutdown();

    /// <summary><c>const char* nvmlErrorString(nvmlReturn_t)</c>: a static string that must never be freed, hence
    /// the raw pointer instead of string marshalling (which would free it).</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlErrorString")]
    public static partial nint ErrorString(NvmlReturn result);
}
