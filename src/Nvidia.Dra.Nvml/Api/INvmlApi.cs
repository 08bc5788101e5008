using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Nvml.Api;

/// <summary>
/// The raw NVML calls the high-level client uses, with managed strings in place of char buffers but NVML's own
/// status codes and semantics otherwise. The seam between <see cref="NvmlClient"/> and the native library, so
/// the client's logic is tested against a fake.
/// </summary>
internal interface INvmlApi
{
    /// <summary><c>nvmlInitWithFlags</c> (or <c>nvmlInit_v2</c> where flags are unsupported).</summary>
    NvmlReturn Init(NvmlInitFlags flags);

    /// <summary><c>nvmlShutdown</c>.</summary>
    NvmlReturn Shutdown();

    /// <summary><c>nvmlErrorString</c>.</summary>
    string ErrorString(NvmlReturn code);

    /// <summary><c>nvmlSystemGetDriverVersion</c>.</summary>
    NvmlReturn SystemGetDriverVersion(out string version);

    /// <summary><c>nvmlSystemGetNVMLVersion</c>.</summary>
    NvmlReturn SystemGetNvmlVersion(out string version);

    /// <summary><c>nvmlSystemGetCudaDriverVersion</c>: 1000 × major + 10 × minor.</summary>
    NvmlReturn SystemGetCudaDriverVersion(out int version);

    /// <summary><c>nvmlDeviceGetCount_v2</c>.</summary>
    NvmlReturn DeviceGetCount(out uint count);

    /// <summary><c>nvmlDeviceGetHandleByIndex_v2</c>.</summary>
    NvmlReturn DeviceGetHandleByIndex(uint index, out NvmlDeviceHandle device);

    /// <summary><c>nvmlDeviceGetHandleByUUID</c>.</summary>
    NvmlReturn DeviceGetHandleByUuid(string uuid, out NvmlDeviceHandle device);

    /// <summary><c>nvmlDeviceGetHandleByPciBusId_v2</c>.</summary>
    NvmlReturn DeviceGetHandleByPciBusId(string pciBusId, out NvmlDeviceHandle device);

    /// <summary><c>nvmlDeviceGetIndex</c>.</summary>
    NvmlReturn DeviceGetIndex(NvmlDeviceHandle device, out uint index);

    /// <summary><c>nvmlDeviceGetUUID</c>.</summary>
    NvmlReturn DeviceGetUuid(NvmlDeviceHandle device, out string uuid);

    /// <summary><c>nvmlDeviceGetName</c>.</summary>
    NvmlReturn DeviceGetName(NvmlDeviceHandle device, out string name);

    /// <summary><c>nvmlDeviceGetBrand</c>.</summary>
    NvmlReturn DeviceGetBrand(NvmlDeviceHandle device, out int brand);

    /// <summary><c>nvmlDeviceGetArchitecture</c>.</summary>
    NvmlReturn DeviceGetArchitecture(NvmlDeviceHandle device, out uint architecture);

    /// <summary><c>nvmlDeviceGetCudaComputeCapability</c>.</summary>
    NvmlReturn DeviceGetCudaComputeCapability(NvmlDeviceHandle device, out int major, out int minor);

    /// <summary><c>nvmlDeviceGetMemoryInfo_v2</c>, falling back to <c>nvmlDeviceGetMemoryInfo</c> (no reserved
    /// figure) on drivers without it.</summary>
    NvmlReturn DeviceGetMemoryInfo(NvmlDeviceHandle device, out NvmlMemoryV2 memory);

    /// <summary><c>nvmlDeviceGetMinorNumber</c>.</summary>
    NvmlReturn DeviceGetMinorNumber(NvmlDeviceHandle device, out uint minorNumber);

    /// <summary><c>nvmlDeviceGetPciInfo_v3</c>.</summary>
    NvmlReturn DeviceGetPciInfo(NvmlDeviceHandle device, out NvmlPciInfo pci);

    /// <summary><c>nvmlDeviceGetPersistenceMode</c>.</summary>
    NvmlReturn DeviceGetPersistenceMode(NvmlDeviceHandle device, out NvmlEnableState mode);

    /// <summary><c>nvmlDeviceSetPersistenceMode</c>.</summary>
    NvmlReturn DeviceSetPersistenceMode(NvmlDeviceHandle device, NvmlEnableState mode);

    /// <summary><c>nvmlDeviceGetMigMode</c>.</summary>
    NvmlReturn DeviceGetMigMode(NvmlDeviceHandle device, out uint currentMode, out uint pendingMode);

    /// <summary><c>nvmlDeviceGetComputeRunningProcesses_v3</c>: on entry <paramref name="count"/> is the capacity
    /// used in <paramref name="infos"/>; <see cref="NvmlReturn.InsufficientSize"/> sets it to the count needed.</summary>
    NvmlReturn DeviceGetComputeRunningProcesses(NvmlDeviceHandle device, ref uint count, Span<NvmlProcessInfo> infos);
}
