using System.ComponentModel.DataAnnotations;

namespace Nvidia.Dra.Nvml;

/// <summary>Where the NVIDIA driver is, and how long NVML stays loaded while unused. Read once: the first load fixes
/// the library file for the life of the process; later sessions load that file again.</summary>
public sealed class NvmlOptions
{
    /// <summary>The root the driver is installed under: <c>/</c> (host install, the default),
    /// <c>/run/nvidia/driver</c> (GPU Operator) or <c>/home/kubernetes/bin/nvidia</c> (GKE). Must be absolute.</summary>
    [Required]
    public string DriverRoot { get; set; } = "/";

    /// <summary>A full path to <c>libnvidia-ml.so.1</c> that replaces the search under <see cref="DriverRoot"/>,
    /// or <see langword="null"/>. Must be absolute.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>The longest <see cref="IdleUnloadDelay"/> other than <see cref="Timeout.InfiniteTimeSpan"/>: one day.</summary>
    public static readonly TimeSpan MaxIdleUnloadDelay = TimeSpan.FromDays(1);

    /// <summary>
    /// How long after its last call NVML is shut down and <c>libnvidia-ml.so.1</c> unloaded; the next call loads and
    /// initialises it again (about 20 ms on an H200 node). Unloading gives back what NVML's initialisation maps (libcuda
    /// and about 13 MiB on that node), which <c>nvmlShutdown</c> alone does not. Default 10 s: long enough for the
    /// calls of one claim or one rediscovery to share a session. <see cref="TimeSpan.Zero"/> unloads after every
    /// call; <see cref="Timeout.InfiniteTimeSpan"/> keeps NVML loaded until the client is disposed (a short-lived
    /// tool). Otherwise between zero and <see cref="MaxIdleUnloadDelay"/>.
    /// </summary>
    public TimeSpan IdleUnloadDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether an unload also gives back the reference to <c>libcuda.so.1</c> that NVML's initialisation takes and
    /// never returns (3.8 MiB stay mapped on an H200 node with driver 580 otherwise). It is given back only when no
    /// NVML session of the process is open any more and libcuda was not loaded before the session began. Turn it on
    /// only in a process that does not use CUDA itself: code that loads libcuda while a session is open could find it
    /// unloaded under it. Default <see langword="false"/>; the NVIDIA DRA driver turns it on.
    /// </summary>
    public bool ReleaseCudaOnUnload { get; set; }
}
