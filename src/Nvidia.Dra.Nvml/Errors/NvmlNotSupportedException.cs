namespace Nvidia.Dra.Nvml;

/// <summary>The GPU or driver does not support the call (<c>NOT_SUPPORTED</c>, <c>FUNCTION_NOT_FOUND</c>, <c>DEPRECATED</c> and the other "not supported" codes). Retrying does not help.</summary>
public sealed class NvmlNotSupportedException : NvmlException
{
    /// <summary>Creates the exception for a failed NVML call.</summary>
    /// <param name="message">The full message, naming the function, the code, the GPU and the remedy.</param>
    /// <param name="code">The status NVML returned.</param>
    /// <param name="functionName">The NVML function that failed.</param>
    /// <param name="nvmlMessage">NVML's description of <paramref name="code"/>.</param>
    /// <param name="gpu">The GPU involved, or <see langword="null"/>.</param>
    public NvmlNotSupportedException(string message, NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
        : base(message, code, functionName, nvmlMessage, gpu)
    {
    }
}
