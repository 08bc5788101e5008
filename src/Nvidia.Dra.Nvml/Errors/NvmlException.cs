namespace Nvidia.Dra.Nvml;

/// <summary>
/// An NVML call failed. The root of this package's exceptions: it carries the <c>nvmlReturn_t</c> code, the NVML
/// function that returned it, NVML's own description and, where one was involved, the GPU.
/// </summary>
public class NvmlException : Exception
{
    /// <summary>Creates an exception with a message only; the code is <see cref="NvmlReturn.Unknown"/>.</summary>
    public NvmlException()
        : this("An NVML call failed.")
    {
    }

    /// <summary>Creates an exception with a message only; the code is <see cref="NvmlReturn.Unknown"/>.</summary>
    /// <param name="message">The message.</param>
    public NvmlException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message and a cause; the code is <see cref="NvmlReturn.Unknown"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NvmlException(string message, Exception? innerException)
        : this(message, NvmlReturn.Unknown, string.Empty, NvmlReturnInfo.FallbackMessage(NvmlReturn.Unknown), gpu: null, innerException)
    {
    }

    /// <summary>Creates an exception for a failed NVML call.</summary>
    /// <param name="message">The full message, naming the function, the code, the GPU and the remedy.</param>
    /// <param name="code">The status NVML returned.</param>
    /// <param name="functionName">The NVML function, such as <c>nvmlDeviceGetUUID</c>.</param>
    /// <param name="nvmlMessage">NVML's description of <paramref name="code"/> (<c>nvmlErrorString</c>).</param>
    /// <param name="gpu">The GPU involved (PCI bus id, UUID or index), or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public NvmlException(
        string message,
        NvmlReturn code,
        string functionName,
        string nvmlMessage,
        string? gpu,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        FunctionName = functionName;
        NvmlMessage = nvmlMessage;
        Gpu = gpu;
    }

    /// <summary>The status NVML returned.</summary>
    public NvmlReturn Code { get; }

    /// <summary>The NVML function that failed, such as <c>nvmlDeviceSetPersistenceMode</c>.</summary>
    public string FunctionName { get; }

    /// <summary>NVML's own description of <see cref="Code"/>.</summary>
    public string NvmlMessage { get; }

    /// <summary>The GPU the call was about (PCI bus id, UUID or index), or <see langword="null"/>.</summary>
    public string? Gpu { get; }

    /// <summary>Whether retrying the same call later can succeed without anyone changing the configuration.</summary>
    public bool IsTransient => NvmlReturnInfo.IsTransient(Code);
}
