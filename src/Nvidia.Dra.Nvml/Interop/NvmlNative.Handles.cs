using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlDeviceGetCount_v2(unsigned int *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial NvmlReturn DeviceGetCountV2(out uint deviceCount);

    /// <summary><c>nvmlDeviceGetCount(unsigned int *)</c>: fallback for drivers without the <c>_v2</c> export.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCount")]
    public static partial NvmlReturn DeviceGetCountV1(out uint deviceCount);

    /// <summary><c>nvmlDeviceGetHandleByIndex_v2(unsigned int, nvmlDevice_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial NvmlReturn DeviceGetHandleByIndexV2(uint index, out nint device);

    /// <summary><c>nvmlDeviceGetHandleByIndex(unsigned int, nvmlDevice_t *)</c>: fallback.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByIndex")]
    public static partial NvmlReturn DeviceGetHandleByIndexV1(uint index, out nint device);

    /// <summary><c>nvmlDeviceGetHandleByPciBusId_v2(const char *, nvmlDevice_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByPciBusId_v2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial NvmlReturn DeviceGetHandleByPciBusIdV2(string pciBusId, out nint device);

    /// <summary><c>nvmlDeviceGetHandleByPciBusId(const char *, nvmlDevice_t *)</c>: fallback.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByPciBusId", StringMarshalling = StringMarshalling.Utf8)]
    public static partial NvmlReturn DeviceGetHandleByPciBusIdV1(string pciBusId, out nint device);

    /// <summary><c>nvmlDeviceGetHandleByUUID(const char *, nvmlDevice_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByUUID", StringMarshalling = StringMarshalling.Utf8)]
    public static partial NvmlReturn DeviceGetHandleByUuid(string uuid, out nint device);
}
