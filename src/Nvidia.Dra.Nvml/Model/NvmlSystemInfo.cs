namespace Nvidia.Dra.Nvml;

/// <summary>Versions of the driver stack, as ResourceSlice attributes use them.</summary>
public sealed record NvmlSystemInfo
{
    /// <summary>The kernel driver version, such as <c>580.159.04</c>.</summary>
    public required string DriverVersion { get; init; }

    /// <summary>The NVML library version, such as <c>13.580.159.04</c>.</summary>
    public required string NvmlVersion { get; init; }

    /// <summary>The highest CUDA version the driver supports.</summary>
    public required NvmlCudaVersion CudaDriverVersion { get; init; }
}
