namespace Nvidia.Dra.Nvml.Loading;

/// <summary>Which versioned entry points a load of the library exports (read off its entry-point table); the binding
/// prefers the newest and falls back as go-nvml does.</summary>
internal sealed record NvmlExports(
    bool InitWithFlags,
    bool DeviceGetCountV2,
    bool DeviceGetHandleByIndexV2,
    bool DeviceGetHandleByPciBusIdV2,
    bool DeviceGetPciInfoV3,
    bool DeviceGetMemoryInfoV2,
    bool DeviceGetComputeRunningProcessesV3,
    bool DeviceGetComputeRunningProcessesV2);
