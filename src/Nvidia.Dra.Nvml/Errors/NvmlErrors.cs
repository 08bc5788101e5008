namespace Nvidia.Dra.Nvml;

/// <summary>Turns a failed <see cref="NvmlReturn"/> into the matching typed exception.</summary>
internal static class NvmlErrors
{
    /// <summary>Builds the exception for <paramref name="code"/>, returned by <paramref name="functionName"/>.</summary>
    public static NvmlException Create(NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
    {
        var message = FormatMessage(code, functionName, nvmlMessage, gpu);
        return code switch
        {
            NvmlReturn.NotSupported or NvmlReturn.FunctionNotFound or NvmlReturn.Deprecated
                or NvmlReturn.FrequencyNotSupported or NvmlReturn.ResetTypeNotSupported
                or NvmlReturn.VgpuEccNotSupported or NvmlReturn.ArgumentVersionMismatch
                => new NvmlNotSupportedException(message, code, functionName, nvmlMessage, gpu),
            NvmlReturn.NoPermission or NvmlReturn.OperatingSystem
                => new NvmlNoPermissionException(message, code, functionName, nvmlMessage, gpu),
            NvmlReturn.NotFound or NvmlReturn.GpuNotFound
                => new NvmlGpuNotFoundException(message, code, functionName, nvmlMessage, gpu),
            NvmlReturn.GpuIsLost or NvmlReturn.ResetRequired or NvmlReturn.IrqIssue or NvmlReturn.CorruptedInforom
                => new NvmlGpuUnhealthyException(message, code, functionName, nvmlMessage, gpu),
            NvmlReturn.InUse
                => new NvmlInUseException(message, code, functionName, nvmlMessage, gpu),
            NvmlReturn.DriverNotLoaded or NvmlReturn.LibRmVersionMismatch or NvmlReturn.Uninitialized
                => new NvmlDriverUnavailableException(message, code, functionName, nvmlMessage, gpu),
            _ => new NvmlException(message, code, functionName, nvmlMessage, gpu),
        };
    }

    /// <summary>One line a person on call can act on: function, GPU, code, NVML's text, remedy.</summary>
    public static string FormatMessage(NvmlReturn code, string functionName, string nvmlMessage, string? gpu)
    {
        var target = gpu is null ? string.Empty : $" for GPU {gpu}";
        return $"{functionName} failed{target}: {NvmlReturnInfo.Name(code)} ({(int)code}): {nvmlMessage}. {NvmlReturnInfo.Remedy(code)}";
    }
}
