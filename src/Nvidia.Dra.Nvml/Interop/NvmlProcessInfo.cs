using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Interop;

/// <summary><c>nvmlProcessInfo_t</c> (= <c>nvmlProcessInfo_v2_t</c>): 24 bytes, used by the <c>_v2</c> and
/// <c>_v3</c> running-process calls.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlProcessInfo
{
    /// <summary>Process id.</summary>
    public uint Pid;

    /// <summary>GPU memory used by the process, in bytes (may be <c>NVML_VALUE_NOT_AVAILABLE</c>).</summary>
    public ulong UsedGpuMemory;

    /// <summary>MIG GPU instance id, or 0xFFFFFFFF.</summary>
    public uint GpuInstanceId;

    /// <summary>MIG compute instance id, or 0xFFFFFFFF.</summary>
    public uint ComputeInstanceId;
}

/// <summary><c>nvmlProcessInfo_v1_t</c>: 16 bytes, used by the unversioned running-process call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlProcessInfoV1
{
    /// <summary>Process id.</summary>
    public uint Pid;

    /// <summary>GPU memory used by the process, in bytes.</summary>
    public ulong UsedGpuMemory;
}
