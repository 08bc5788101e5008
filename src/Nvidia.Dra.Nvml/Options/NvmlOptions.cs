using System.ComponentModel.DataAnnotations;

namespace Nvidia.Dra.Nvml;

/// <summary>Where the NVIDIA driver is. Read once: the library, once loaded, stays for the life of the process.</summary>
public sealed class NvmlOptions
{
    /// <summary>The root the driver is installed under: <c>/</c> (host install, the default),
    /// <c>/run/nvidia/driver</c> (GPU Operator) or <c>/home/kubernetes/bin/nvidia</c> (GKE). Must be absolute.</summary>
    [Required]
    public string DriverRoot { get; set; } = "/";

    /// <summary>A full path to <c>libnvidia-ml.so.1</c> that replaces the search under <see cref="DriverRoot"/>,
    /// or <see langword="null"/>. Must be absolute.</summary>
    public string? LibraryPath { get; set; }
}
