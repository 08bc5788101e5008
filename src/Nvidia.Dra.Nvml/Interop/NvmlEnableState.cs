namespace Nvidia.Dra.Nvml.Interop;

/// <summary><c>nvmlEnableState_t</c>.</summary>
internal enum NvmlEnableState
{
    /// <summary><c>NVML_FEATURE_DISABLED</c>.</summary>
    Disabled = 0,

    /// <summary><c>NVML_FEATURE_ENABLED</c>.</summary>
    Enabled = 1,
}
