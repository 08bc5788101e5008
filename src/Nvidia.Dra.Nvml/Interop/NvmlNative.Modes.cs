using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlDeviceGetPersistenceMode(nvmlDevice_t, nvmlEnableState_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPersistenceMode")]
    public static partial NvmlReturn DeviceGetPersistenceMode(nint device, out NvmlEnableState mode);

    /// <summary><c>nvmlDeviceSetPersistenceMode(nvmlDevice_t, nvmlEnableState_t)</c> (root only).</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceSetPersistenceMode")]
    public static partial NvmlReturn DeviceSetPersistenceMode(nint device, NvmlEnableState mode);

    /// <summary><c>nvmlDeviceGetMigMode(nvmlDevice_t, unsigned int *current, unsigned int *pending)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetMigMode")]
    public static partial NvmlReturn DeviceGetMigMode(nint device, out uint currentMode, out uint pendingMode);
}
