using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

internal static partial class NvmlNative
{
    /// <summary><c>nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetComputeRunningProcesses_v3")]
    public static unsafe partial NvmlReturn DeviceGetComputeRunningProcessesV3(nint device, ref uint infoCount, NvmlProcessInfo* infos);

    /// <summary><c>nvmlDeviceGetComputeRunningProcesses_v2</c>: fallback, same struct.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetComputeRunningProcesses_v2")]
    public static unsafe partial NvmlReturn DeviceGetComputeRunningProcessesV2(nint device, ref uint infoCount, NvmlProcessInfo* infos);

    /// <summary><c>nvmlDeviceGetComputeRunningProcesses</c>: oldest fallback, with the 16-byte v1 struct.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetComputeRunningProcesses")]
    public static unsafe partial NvmlReturn DeviceGetComputeRunningProcessesV1(nint device, ref uint infoCount, NvmlProcessInfoV1* infos);

    /// <summary><c>nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetGraphicsRunningProcesses_v3")]
    public static unsafe partial NvmlReturn DeviceGetGraphicsRunningProcessesV3(nint device, ref uint infoCount, NvmlProcessInfo* infos);
}
