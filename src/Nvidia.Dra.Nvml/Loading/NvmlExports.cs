namespace Nvidia.Dra.Nvml.Loading;

/// <summary>Which versioned entry points the loaded library exports; the binding prefers the newest and falls back
/// as go-nvml does.</summary>
internal sealed record NvmlExports(
    bool InitWithFlags,
    bool DeviceGetCountV2,
    bool DeviceGetHandleByIndexV2,
    bool DeviceGetHandleByPciBusIdV2,
    bool DeviceGetPciInfoV3,
    bool DeviceGetMemoryInfoV2,
    bool DeviceGetComputeRunningProcessesV3,
    bool DeviceGetComputeRunningProcessesV2)
{
    /// <summary>Everything present (a current driver).</summary>
    public static NvmlExports All { get; } = new(true, true, true, true, true, true, true, true);

    /// <summary>Asks the library for each versioned export.</summary>
    public static NvmlExports Probe(Func<string, bool> hasExport)
    {
        ArgumentNullException.ThrowIfNull(hasExport);
        return new(
            hasExport("nvmlInitWithFlags"),
            hasExport("nvmlDeviceGetCount_v2"),
            hasExport("nvmlDeviceGetHandleByIndex_v2"),
            hasExport("nvmlDeviceGetHandleByPciBusId_v2"),
            hasExport("nvmlDeviceGetPciInfo_v3"),
            hasExport("nvmlDeviceGetMemoryInfo_v2"),
            hasExport("nvmlDeviceGetComputeRunningProcesses_v3"),
            hasExport("nvmlDeviceGetComputeRunningProcesses_v2"));
    }
}
