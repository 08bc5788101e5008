namespace Nvidia.Dra.Nvml;

/// <summary>The status codes of NVML's <c>nvmlReturn_t</c>, with their numeric values from <c>nvml.h</c>.</summary>
public enum NvmlReturn
{
    /// <summary><c>NVML_SUCCESS</c>: the call succeeded.</summary>
    Success = 0,

    /// <summary><c>NVML_ERROR_UNINITIALIZED</c>: NVML was not initialised.</summary>
    Uninitialized = 1,

    /// <summary><c>NVML_ERROR_INVALID_ARGUMENT</c>: an argument was invalid.</summary>
    InvalidArgument = 2,

    /// <summary><c>NVML_ERROR_NOT_SUPPORTED</c>: the device does not support the operation.</summary>
    NotSupported = 3,

    /// <summary><c>NVML_ERROR_NO_PERMISSION</c>: the caller lacks the permission.</summary>
    NoPermission = 4,

    /// <summary><c>NVML_ERROR_ALREADY_INITIALIZED</c> (deprecated).</summary>
    AlreadyInitialized = 5,

    /// <summary><c>NVML_ERROR_NOT_FOUND</c>: the object was not found.</summary>
    NotFound = 6,

    /// <summary><c>NVML_ERROR_INSUFFICIENT_SIZE</c>: an input buffer was too small.</summary>
    InsufficientSize = 7,

    /// <summary><c>NVML_ERROR_INSUFFICIENT_POWER</c>: the device's external power cables are not attached.</summary>
    InsufficientPower = 8,

    /// <summary><c>NVML_ERROR_DRIVER_NOT_LOADED</c>: the NVIDIA kernel driver is not loaded.</summary>
    DriverNotLoaded = 9,

    /// <summary><c>NVML_ERROR_TIMEOUT</c>: the operation timed out.</summary>
    Timeout = 10,

    /// <summary><c>NVML_ERROR_IRQ_ISSUE</c>: the kernel detected an interrupt problem with the GPU.</summary>
    IrqIssue = 11,

    /// <summary><c>NVML_ERROR_LIBRARY_NOT_FOUND</c>: a shared library could not be found or loaded.</summary>
    LibraryNotFound = 12,

    /// <summary><c>NVML_ERROR_FUNCTION_NOT_FOUND</c>: the loaded library does not implement the function.</summary>
    FunctionNotFound = 13,

    /// <summary><c>NVML_ERROR_CORRUPTED_INFOROM</c>: the infoROM is corrupted.</summary>
    CorruptedInforom = 14,

    /// <summary><c>NVML_ERROR_GPU_IS_LOST</c>: the GPU has fallen off the bus or is otherwise inaccessible.</summary>
    GpuIsLost = 15,

    /// <summary><c>NVML_ERROR_RESET_REQUIRED</c>: the GPU needs a reset.</summary>
    ResetRequired = 16,

    /// <summary><c>NVML_ERROR_OPERATING_SYSTEM</c>: the operating system blocked the request.</summary>
    OperatingSystem = 17,

    /// <summary><c>NVML_ERROR_LIB_RM_VERSION_MISMATCH</c>: the library and the kernel module differ in version.</summary>
    LibRmVersionMismatch = 18,

    /// <summary><c>NVML_ERROR_IN_USE</c>: the operation cannot run because the GPU is in use.</summary>
    InUse = 19,

    /// <summary><c>NVML_ERROR_MEMORY</c>: not enough memory.</summary>
    Memory = 20,

    /// <summary><c>NVML_ERROR_NO_DATA</c>: no data.</summary>
    NoData = 21,

    /// <summary><c>NVML_ERROR_VGPU_ECC_NOT_SUPPORTED</c>: ECC is enabled, which vGPU does not support.</summary>
    VgpuEccNotSupported = 22,

    /// <summary><c>NVML_ERROR_INSUFFICIENT_RESOURCES</c>: not enough resources for the request.</summary>
    InsufficientResources = 23,

    /// <summary><c>NVML_ERROR_FREQ_NOT_SUPPORTED</c>: the frequency is not supported.</summary>
    FrequencyNotSupported = 24,

    /// <summary><c>NVML_ERROR_ARGUMENT_VERSION_MISMATCH</c>: a versioned struct has the wrong version.</summary>
    ArgumentVersionMismatch = 25,

    /// <summary><c>NVML_ERROR_DEPRECATED</c>: the feature is deprecated.</summary>
    Deprecated = 26,

    /// <summary><c>NVML_ERROR_NOT_READY</c>: the system is not ready for the request.</summary>
    NotReady = 27,

    /// <summary><c>NVML_ERROR_GPU_NOT_FOUND</c>: no GPU was found.</summary>
    GpuNotFound = 28,

    /// <summary><c>NVML_ERROR_INVALID_STATE</c>: the resource is in an invalid state.</summary>
    InvalidState = 29,

    /// <summary><c>NVML_ERROR_RESET_TYPE_NOT_SUPPORTED</c>: the reset type is not supported.</summary>
    ResetTypeNotSupported = 30,

    /// <summary><c>NVML_ERROR_UNKNOWN</c>: an internal driver error.</summary>
    Unknown = 999,
}
