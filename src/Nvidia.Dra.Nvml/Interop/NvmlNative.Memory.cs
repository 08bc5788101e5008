using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlDeviceGetMemoryInfo(nvmlDevice_t, nvmlMemory_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    public static partial NvmlReturn DeviceGetMemoryInfo(nint device, out NvmlMemory memory);

    /// <summary><c>nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t, nvmlMemory_v2_t *)</c>; set the version first.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetMemoryInfo_v2")]
    public static partial NvmlReturn DeviceGetMemoryInfoV2(nint device, ref NvmlMemoryV2 memory);

    /// <summary><c>nvmlDeviceGetBAR1MemoryInfo(nvmlDevice_t, nvmlBAR1Memory_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetBAR1MemoryInfo")]
    public static partial NvmlReturn DeviceGetBar1MemoryInfo(nint device, out NvmlBar1Memory bar1Memory);
}
