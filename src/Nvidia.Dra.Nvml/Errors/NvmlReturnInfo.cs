namespace Nvidia.Dra.Nvml;

/// <summary>What we know about each <see cref="NvmlReturn"/>: its C name, a fallback text, a remedy and whether
/// retrying can help.</summary>
internal static class NvmlReturnInfo
{
    /// <summary>The C name of a code, such as <c>NVML_ERROR_NO_PERMISSION</c>.</summary>
    public static string Name(NvmlReturn code) => code switch
    {
        NvmlReturn.Success => "NVML_SUCCESS",
        NvmlReturn.Uninitialized => "NVML_ERROR_UNINITIALIZED",
        NvmlReturn.InvalidArgument => "NVML_ERROR_INVALID_ARGUMENT",
        NvmlReturn.NotSupported => "NVML_ERROR_NOT_SUPPORTED",
        NvmlReturn.NoPermission => "NVML_ERROR_NO_PERMISSION",
        NvmlReturn.AlreadyInitialized => "NVML_ERROR_ALREADY_INITIALIZED",
        NvmlReturn.NotFound => "NVML_ERROR_NOT_FOUND",
        NvmlReturn.InsufficientSize => "NVML_ERROR_INSUFFICIENT_SIZE",
        NvmlReturn.InsufficientPower => "NVML_ERROR_INSUFFICIENT_POWER",
        NvmlReturn.DriverNotLoaded => "NVML_ERROR_DRIVER_NOT_LOADED",
        NvmlReturn.Timeout => "NVML_ERROR_TIMEOUT",
        NvmlReturn.IrqIssue => "NVML_ERROR_IRQ_ISSUE",
        NvmlReturn.LibraryNotFound => "NVML_ERROR_LIBRARY_NOT_FOUND",
        NvmlReturn.FunctionNotFound => "NVML_ERROR_FUNCTION_NOT_FOUND",
        NvmlReturn.CorruptedInforom => "NVML_ERROR_CORRUPTED_INFOROM",
        NvmlReturn.GpuIsLost => "NVML_ERROR_GPU_IS_LOST",
        NvmlReturn.ResetRequired => "NVML_ERROR_RESET_REQUIRED",
        NvmlReturn.OperatingSystem => "NVML_ERROR_OPERATING_SYSTEM",
        NvmlReturn.LibRmVersionMismatch => "NVML_ERROR_LIB_RM_VERSION_MISMATCH",
        NvmlReturn.InUse => "NVML_ERROR_IN_USE",
        NvmlReturn.Memory => "NVML_ERROR_MEMORY",
        NvmlReturn.NoData => "NVML_ERROR_NO_DATA",
        NvmlReturn.VgpuEccNotSupported => "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED",
        NvmlReturn.InsufficientResources => "NVML_ERROR_INSUFFICIENT_RESOURCES",
        NvmlReturn.FrequencyNotSupported => "NVML_ERROR_FREQ_NOT_SUPPORTED",
        NvmlReturn.ArgumentVersionMismatch => "NVML_ERROR_ARGUMENT_VERSION_MISMATCH",
        NvmlReturn.Deprecated => "NVML_ERROR_DEPRECATED",
        NvmlReturn.NotReady => "NVML_ERROR_NOT_READY",
        NvmlReturn.GpuNotFound => "NVML_ERROR_GPU_NOT_FOUND",
        NvmlReturn.InvalidState => "NVML_ERROR_INVALID_STATE",
        NvmlReturn.ResetTypeNotSupported => "NVML_ERROR_RESET_TYPE_NOT_SUPPORTED",
        NvmlReturn.Unknown => "NVML_ERROR_UNKNOWN",
        _ => $"NVML return value {(int)code}",
    };

    /// <summary>Our own text for a code, used when the library (and so <c>nvmlErrorString</c>) is not available.</summary>
    public static string FallbackMessage(NvmlReturn code) => code switch
    {
        NvmlReturn.Success => "Success",
        NvmlReturn.Uninitialized => "Uninitialized",
        NvmlReturn.InvalidArgument => "Invalid Argument",
        NvmlReturn.NotSupported => "Not Supported",
        NvmlReturn.NoPermission => "Insufficient Permissions",
        NvmlReturn.AlreadyInitialized => "Already Initialized",
        NvmlReturn.NotFound => "Not Found",
        NvmlReturn.InsufficientSize => "Insufficient Size",
        NvmlReturn.InsufficientPower => "Insufficient External Power",
        NvmlReturn.DriverNotLoaded => "Driver Not Loaded",
        NvmlReturn.Timeout => "Timeout",
        NvmlReturn.IrqIssue => "Interrupt Request Issue",
        NvmlReturn.LibraryNotFound => "NVML Shared Library Not Found",
        NvmlReturn.FunctionNotFound => "Function Not Found",
        NvmlReturn.CorruptedInforom => "Corrupted infoROM",
        NvmlReturn.GpuIsLost => "GPU is lost",
        NvmlReturn.ResetRequired => "GPU requires reset",
        NvmlReturn.OperatingSystem => "GPU access blocked by the operating system",
        NvmlReturn.LibRmVersionMismatch => "Driver/library version mismatch",
        NvmlReturn.InUse => "In use by another client",
        NvmlReturn.Memory => "Insufficient Memory",
        NvmlReturn.NoData => "No data",
        NvmlReturn.VgpuEccNotSupported => "ECC is not supported in vGPU",
        NvmlReturn.InsufficientResources => "Insufficient resources",
        NvmlReturn.FrequencyNotSupported => "Frequency not supported",
        NvmlReturn.ArgumentVersionMismatch => "Argument version mismatch",
        NvmlReturn.Deprecated => "Requested functionality has been deprecated",
        NvmlReturn.NotReady => "System not ready",
        NvmlReturn.GpuNotFound => "GPU not found",
        NvmlReturn.InvalidState => "Invalid state",
        NvmlReturn.ResetTypeNotSupported => "Reset type not supported",
        NvmlReturn.Unknown => "Unknown Error",
        _ => $"unknown return value: {(int)code}",
    };

    /// <summary>What a person on call can do about a code.</summary>
    public static string Remedy(NvmlReturn code) => code switch
    {
        NvmlReturn.Uninitialized => "NVML was used before nvmlInit or after nvmlShutdown; this is a bug in the caller.",
        NvmlReturn.NoPermission or NvmlReturn.OperatingSystem =>
            "Run the process as root (or with CAP_SYS_ADMIN) and check that the container can open /dev/nvidiactl and /dev/nvidia<minor>.",
        NvmlReturn.NotSupported or NvmlReturn.FunctionNotFound or NvmlReturn.Deprecated =>
            "This GPU or driver does not support the call; upgrade the NVIDIA driver or avoid the feature on this GPU.",
        NvmlReturn.NotFound or NvmlReturn.GpuNotFound =>
            "Check that the GPU is bound to the nvidia driver (not vfio-pci) and that the UUID or PCI bus id is right (nvidia-smi -L).",
        NvmlReturn.DriverNotLoaded =>
            "Load the NVIDIA kernel module (modprobe nvidia) or wait until the driver container has finished installing.",
        NvmlReturn.LibRmVersionMismatch =>
            "libnvidia-ml and the loaded kernel module come from different driver versions: finish the driver upgrade (reboot or reload the module) and restart this process.",
        NvmlReturn.GpuIsLost or NvmlReturn.ResetRequired or NvmlReturn.IrqIssue or NvmlReturn.CorruptedInforom =>
            "The GPU is unhealthy: check dmesg for Xid errors, drain the node and reset the GPU (nvidia-smi -r) or reboot.",
        NvmlReturn.InUse =>
            "Stop the processes that use the GPU (nvidia-smi --query-compute-apps=pid --format=csv) and retry.",
        NvmlReturn.Timeout or NvmlReturn.NotReady or NvmlReturn.Memory or NvmlReturn.InsufficientResources =>
            "Retry after a short wait; if it persists, check the GPU's health (dmesg, nvidia-smi -q).",
        NvmlReturn.LibraryNotFound =>
            "Install the NVIDIA driver, or set NvmlOptions.DriverRoot to where it is installed (/run/nvidia/driver for the GPU Operator, /home/kubernetes/bin/nvidia on GKE), or NvmlOptions.LibraryPath to the full path of libnvidia-ml.so.1.",
        NvmlReturn.InsufficientPower => "Attach the GPU's external power cables.",
        NvmlReturn.ArgumentVersionMismatch =>
            "The driver is older or newer than this binding expects; upgrade the NVIDIA driver or this package.",
        _ => "Check the GPU and driver with nvidia-smi -q and dmesg.",
    };

    /// <summary>
    /// Whether retrying the same call later can succeed without anyone changing the configuration. A lost GPU counts
    /// as transient because it can come back after a reset that someone else performs.
    /// </summary>
    public static bool IsTransient(NvmlReturn code) => code is NvmlReturn.Timeout
        or NvmlReturn.IrqIssue
        or NvmlReturn.GpuIsLost
        or NvmlReturn.InUse
        or NvmlReturn.Memory
        or NvmlReturn.InsufficientResources
        or NvmlReturn.NotReady
        or NvmlReturn.DriverNotLoaded;
}
