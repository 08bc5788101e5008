using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

// Drain, removal and rediscovery. Bound for completeness of nvml.md's list; nothing in this package calls them yet,
// and none of them is ever run on shared hardware.
internal static partial class NvmlNative
{
    /// <summary><c>nvmlDeviceQueryDrainState(nvmlPciInfo_t *, nvmlEnableState_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceQueryDrainState")]
    public static partial NvmlReturn DeviceQueryDrainState(ref NvmlPciInfo pciInfo, out NvmlEnableState currentState);

    /// <summary><c>nvmlDeviceModifyDrainState(nvmlPciInfo_t *, nvmlEnableState_t)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceModifyDrainState")]
    public static partial NvmlReturn DeviceModifyDrainState(ref NvmlPciInfo pciInfo, NvmlEnableState newState);

    /// <summary><c>nvmlDeviceRemoveGpu_v2(nvmlPciInfo_t *, nvmlDetachGpuState_t, nvmlPcieLinkState_t)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceRemoveGpu_v2")]
    public static partial NvmlReturn DeviceRemoveGpuV2(ref NvmlPciInfo pciInfo, int gpuState, int linkState);

    /// <summary><c>nvmlDeviceDiscoverGpus(nvmlPciInfo_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceDiscoverGpus")]
    public static partial NvmlReturn DeviceDiscoverGpus(ref NvmlPciInfo pciInfo);
}
