namespace Nvidia.Dra.Nvml;

/// <summary>The NVIDIA kernel driver is not usable (<c>DRIVER_NOT_LOADED</c>, <c>LIB_RM_VERSION_MISMATCH</c>, <c>UNINITIALIZED</c>).</summary>
public sealed class NvmlDriverUnavailableException : NvmlException
{
    /// <summary>Creates the exception for a failed NVML call.</summary>
    /// <param name="message">The full message, naming the function, the code, the GPU and the remedy.</param>
    /// <param name="code">The status NVML returned.</param>
    /// <param name="functionName">The NVML function that failed.</param>
    /// <param name="nvmlMessage">NVML's description of <paramref name="code"/>.</param>
    /// <param name="gpu">The GPU involved, or <see langword="null"/>.</param>
    public NvmlDriverUnavailableException(string message, NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
        : base(message, code, functionName, nvmlMessage, gpu)
    {
    }
}
