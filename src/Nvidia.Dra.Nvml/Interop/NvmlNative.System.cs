using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlSystemGetDriverVersion(char *version, unsigned int length)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlSystemGetDriverVersion")]
    public static unsafe partial NvmlReturn SystemGetDriverVersion(byte* version, uint length);

    /// <summary><c>nvmlSystemGetNVMLVersion(char *version, unsigned int length)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlSystemGetNVMLVersion")]
    public static unsafe partial NvmlReturn SystemGetNvmlVersion(byte* version, uint length);

    /// <summary><c>nvmlSystemGetCudaDriverVersion(int *)</c>: known even without libcuda.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlSystemGetCudaDriverVersion")]
    public static partial NvmlReturn SystemGetCudaDriverVersion(out int cudaDriverVersion);

    /// <summary><c>nvmlSystemGetCudaDriverVersion_v2(int *)</c>: asks libcuda; <c>LIBRARY_NOT_FOUND</c> without it.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlSystemGetCudaDriverVersion_v2")]
    public static partial NvmlReturn SystemGetCudaDriverVersionV2(out int cudaDriverVersion);
}
