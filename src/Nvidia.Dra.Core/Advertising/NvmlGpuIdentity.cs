namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// What NVML reports about a GPU bound to <c>nvidia</c>; part 2 fills it from Nvidia.Dra.Nvml. Versions are the raw
/// strings NVML returns; the slice builder normalises them to SemVer.
/// </summary>
public sealed record NvmlGpuIdentity
{
    /// <summary>Gets the board UUID, <c>GPU-…</c>.</summary>
    public required string Uuid { get; init; }

    /// <summary>Gets the product name, for example <c>NVIDIA H200</c>.</summary>
    public required string ProductName { get; init; }

    /// <summary>Gets the brand, for example <c>Nvidia</c> or <c>Tesla</c>.</summary>
    public required string Brand { get; init; }

    /// <summary>Gets the architecture, for example <c>Hopper</c>.</summary>
    public required string Architecture { get; init; }

    /// <summary>Gets the CUDA compute capability, for example <c>9.0</c>.</summary>
    public required string CudaComputeCapability { get; init; }

    /// <summary>Gets the kernel driver version, for example <c>580.159.04</c>.</summary>
    public required string DriverVersion { get; init; }

    /// <summary>Gets the CUDA driver version, for example <c>13.0</c>.</summary>
    public required string CudaDriverVersion { get; init; }

    /// <summary>Gets the device minor number (<c>/dev/nvidia&lt;minor&gt;</c>).</summary>
    public required int Minor { get; init; }

    /// <summary>Gets the total framebuffer memory in bytes, when NVML reports it.</summary>
    public ulong? MemoryBytes { get; init; }

    /// <summary>Gets the addressing mode (for example <c>HMM</c> or <c>ATS</c>), when NVML reports one.</summary>
    public string? AddressingMode { get; init; }
}
