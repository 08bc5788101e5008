namespace Nvidia.Dra.Nvml;

/// <summary>A GPU's product brand (<c>nvmlBrandType_t</c>).</summary>
public enum NvmlBrand
{
    /// <summary><c>NVML_BRAND_UNKNOWN</c>, also used when the driver cannot tell.</summary>
    Unknown = 0,

    /// <summary><c>NVML_BRAND_QUADRO</c>.</summary>
    Quadro = 1,

    /// <summary><c>NVML_BRAND_TESLA</c>.</summary>
    Tesla = 2,

    /// <summary><c>NVML_BRAND_NVS</c>.</summary>
    Nvs = 3,

    /// <summary><c>NVML_BRAND_GRID</c> (deprecated).</summary>
    Grid = 4,

    /// <summary><c>NVML_BRAND_GEFORCE</c>.</summary>
    GeForce = 5,

    /// <summary><c>NVML_BRAND_TITAN</c>.</summary>
    Titan = 6,

    /// <summary><c>NVML_BRAND_NVIDIA_VAPPS</c>.</summary>
    NvidiaVApps = 7,

    /// <summary><c>NVML_BRAND_NVIDIA_VPC</c>.</summary>
    NvidiaVpc = 8,

    /// <summary><c>NVML_BRAND_NVIDIA_VCS</c>.</summary>
    NvidiaVcs = 9,

    /// <summary><c>NVML_BRAND_NVIDIA_VWS</c>.</summary>
    NvidiaVws = 10,

    /// <summary><c>NVML_BRAND_NVIDIA_CLOUD_GAMING</c> (= <c>NVIDIA_VGAMING</c>).</summary>
    NvidiaCloudGaming = 11,

    /// <summary><c>NVML_BRAND_QUADRO_RTX</c>.</summary>
    QuadroRtx = 12,

    /// <summary><c>NVML_BRAND_NVIDIA_RTX</c>.</summary>
    NvidiaRtx = 13,

    /// <summary><c>NVML_BRAND_NVIDIA</c> (data-centre parts such as the H100 and H200).</summary>
    Nvidia = 14,

    /// <summary><c>NVML_BRAND_GEFORCE_RTX</c>.</summary>
    GeForceRtx = 15,

    /// <summary><c>NVML_BRAND_TITAN_RTX</c>.</summary>
    TitanRtx = 16,
}
