namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// What the doctor needs beyond the host roots of <see cref="Vfio.VfioHostOptions"/> (sysfs, proc, dev, driver root,
/// host root, modules), which it shares with the rest of the packages. Paths here are as the host sees them and are
/// read under <see cref="Vfio.VfioHostOptions.HostRoot"/>.
/// </summary>
public sealed class DoctorOptions
{
    /// <summary>Gets the NVIDIA driver roots the guide names: host install, GPU Operator, GKE.</summary>
    public static IReadOnlyList<string> WellKnownDriverRoots { get; } = ["/", "/run/nvidia/driver", "/home/kubernetes/bin/nvidia"];

    /// <summary>Gets or sets the driver roots probed for an installed NVIDIA driver, in order of preference.</summary>
    public IList<string> DriverRootCandidates { get; set; } = [.. WellKnownDriverRoots];

    /// <summary>Gets or sets kubelet's device-plugin directory, where nvidia-device-plugin puts its socket.</summary>
    public string DevicePluginDirectory { get; set; } = "/var/lib/kubelet/device-plugins";

    /// <summary>Gets or sets the DRA driver's name, whose claim CDI specs the checkpoint check looks for.</summary>
    public string DriverName { get; set; } = "gpu.nvidia.com";

    /// <summary>Gets or sets the DRA driver's CDI directory.</summary>
    public string CdiRoot { get; set; } = "/var/run/cdi";

    /// <summary>Gets or sets the DRA driver's plugin data directory, which holds its checkpoint.</summary>
    public string PluginDataDirectory { get; set; } = "/var/lib/kubelet/plugins/gpu.nvidia.com";
}
