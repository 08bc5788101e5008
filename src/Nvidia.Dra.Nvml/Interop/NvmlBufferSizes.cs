namespace Nvidia.Dra.Nvml.Interop;

/// <summary>Buffer sizes from <c>nvml.h</c>; the larger (v2) size wherever two exist.</summary>
internal static class NvmlBufferSizes
{
    /// <summary><c>NVML_DEVICE_UUID_V2_BUFFER_SIZE</c>.</summary>
    public const int Uuid = 96;

    /// <summary><c>NVML_DEVICE_NAME_V2_BUFFER_SIZE</c>.</summary>
    public const int Name = 96;

    /// <summary><c>NVML_DEVICE_SERIAL_BUFFER_SIZE</c>.</summary>
    public const int Serial = 30;

    /// <summary><c>NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE</c>.</summary>
    public const int DriverVersion = 80;

    /// <summary><c>NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE</c>.</summary>
    public const int NvmlVersion = 80;
}
