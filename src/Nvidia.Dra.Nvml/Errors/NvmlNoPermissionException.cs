namespace Nvidia.Dra.Nvml;

/// <summary>The process may not make the call (<c>NO_PERMISSION</c>, <c>OPERATING_SYSTEM</c>): run as root or give the container the device nodes.</summary>
public sealed class NvmlNoPermissionException : NvmlException
{
    /// <summary>Creates the exception for a failed NVML call.</summary>
    /// <param name="message">The full message, naming the function, the code, the GPU and the remedy.</param>
    /// <param name="code">The status NVML returned.</param>
    /// <param name="functionName">The NVML function that failed.</param>
    /// <param name="nvmlMessage">NVML's description of <paramref name="code"/>.</param>
    /// <param name="gpu">The GPU involved, or <see langword="null"/>.</param>
    public NvmlNoPermissionException(string message, NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
        : base(message, code, functionName, nvmlMessage, gpu)
    {
    }
}
