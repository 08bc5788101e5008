namespace Nvidia.Dra.Nvml;

/// <summary>No GPU matches the index, UUID or PCI bus id (<c>NOT_FOUND</c>, <c>GPU_NOT_FOUND</c>, or an index out of range).</summary>
public sealed class NvmlGpuNotFoundException : NvmlException
{
    /// <summary>Creates the exception for a failed NVML call.</summary>
    /// <param name="message">The full message, naming the function, the code, the GPU and the remedy.</param>
    /// <param name="code">The status NVML returned.</param>
    /// <param name="functionName">The NVML function that failed.</param>
    /// <param name="nvmlMessage">NVML's description of <paramref name="code"/>.</param>
    /// <param name="gpu">The GPU involved, or <see langword="null"/>.</param>
    public NvmlGpuNotFoundException(string message, NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
        : base(message, code, functionName, nvmlMessage, gpu)
    {
    }
}
