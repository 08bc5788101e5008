namespace Nvidia.Dra.Nvml;

/// <summary>The GPU is in use by another client (<c>IN_USE</c>), e.g. persistence mode or a process still holds it.</summary>
public sealed class NvmlInUseException : NvmlException
{
    /// <summary>Creates the exception for a failed NVML call.</summary>
    /// <param name="message">The full message, naming the function, the code, the GPU and the remedy.</param>
    /// <param name="code">The status NVML returned.</param>
    /// <param name="functionName">The NVML function that failed.</param>
    /// <param name="nvmlMessage">NVML's description of <paramref name="code"/>.</param>
    /// <param name="gpu">The GPU involved, or <see langword="null"/>.</param>
    public NvmlInUseException(string message, NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
        : base(message, code, functionName, nvmlMessage, gpu)
    {
    }
}
