using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlDeviceGetUUID(nvmlDevice_t, char *, unsigned int)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetUUID")]
    public static unsafe partial NvmlReturn DeviceGetUuid(nint device, byte* uuid, uint length);

    /// <summary><c>nvmlDeviceGetName(nvmlDevice_t, char *, unsigned int)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetName")]
    public static unsafe partial NvmlReturn DeviceGetName(nint device, byte* name, uint length);

    /// <summary><c>nvmlDeviceGetSerial(nvmlDevice_t, char *, unsigned int)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetSerial")]
    public static unsafe partial NvmlReturn DeviceGetSerial(nint device, byte* serial, uint length);

    /// <summary><c>nvmlDeviceGetIndex(nvmlDevice_t, unsigned int *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetIndex")]
    public static partial NvmlReturn DeviceGetIndex(nint device, out uint index);

    /// <summary><c>nvmlDeviceGetMinorNumber(nvmlDevice_t, unsigned int *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetMinorNumber")]
    public static partial NvmlReturn DeviceGetMinorNumber(nint device, out uint minorNumber);

    /// <summary><c>nvmlDeviceGetPciInfo_v3(nvmlDevice_t, nvmlPciInfo_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPciInfo_v3")]
    public static partial NvmlReturn DeviceGetPciInfoV3(nint device, out NvmlPciInfo pci);

    /// <summary><c>nvmlDeviceGetPciInfo_v2(nvmlDevice_t, nvmlPciInfo_t *)</c>: fallback, same struct.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPciInfo_v2")]
    public static partial NvmlReturn DeviceGetPciInfoV2(nint device, out NvmlPciInfo pci);

    /// <summary><c>nvmlDeviceGetPciInfoExt(nvmlDevice_t, nvmlPciInfoExt_t *)</c>; set the version first.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPciInfoExt")]
    public static partial NvmlReturn DeviceGetPciInfoExt(nint device, ref NvmlPciInfoExt pci);

    /// <summary><c>nvmlDeviceGetBrand(nvmlDevice_t, nvmlBrandType_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetBrand")]
    public static partial NvmlReturn DeviceGetBrand(nint device, out int type);

    /// <summary><c>nvmlDeviceGetArchitecture(nvmlDevice_t, nvmlDeviceArchitecture_t *)</c> (an unsigned int).</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetArchitecture")]
    public static partial NvmlReturn DeviceGetArchitecture(nint device, out uint arch);

    /// <summary><c>nvmlDeviceGetCudaComputeCapability(nvmlDevice_t, int *, int *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCudaComputeCapability")]
    public static partial NvmlReturn DeviceGetCudaComputeCapability(nint device, out int major, out int minor);

    /// <summary><c>nvmlDeviceGetNumaNodeId(nvmlDevice_t, unsigned int *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetNumaNodeId")]
    public static partial NvmlReturn DeviceGetNumaNodeId(nint device, out uint node);
}
