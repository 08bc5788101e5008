namespace Nvidia.Dra.Nvml;

/// <summary>A GPU's architecture (<c>NVML_DEVICE_ARCH_*</c>). Values NVML adds later pass through as numbers;
/// NVML's <c>UNKNOWN</c> (0xffffffff) becomes <see cref="Unknown"/>.</summary>
public enum NvmlArchitecture
{
    /// <summary>Unknown or not reported.</summary>
    Unknown = 0,

    /// <summary>Kepler.</summary>
    Kepler = 2,

    /// <summary>Maxwell.</summary>
    Maxwell = 3,

    /// <summary>Pascal.</summary>
    Pascal = 4,

    /// <summary>Volta.</summary>
    Volta = 5,

    /// <summary>Turing.</summary>
    Turing = 6,

    /// <summary>Ampere.</summary>
    Ampere = 7,

    /// <summary>Ada Lovelace.</summary>
    Ada = 8,

    /// <summary>Hopper (H100, H200).</summary>
    Hopper = 9,

    /// <summary>Blackwell.</summary>
    Blackwell = 10,

    /// <summary>Rubin.</summary>
    Rubin = 13,
}
