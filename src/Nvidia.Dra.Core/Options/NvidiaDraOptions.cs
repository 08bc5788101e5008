using System.ComponentModel.DataAnnotations;

namespace Nvidia.Dra.Core;

/// <summary>
/// Settings of the node plugin. Defaults match the reference driver's Helm chart for a host-installed NVIDIA
/// driver; every path is an option so tests and containers can move the roots. Validated at start-up: with the
/// Generic Host through <c>ValidateOnStart</c>; without it, resolve <c>IOptions&lt;NvidiaDraOptions&gt;.Value</c>
/// once at start-up.
/// </summary>
public sealed class NvidiaDraOptions
{
    /// <summary>The time kubelet gives each NodePrepareResources or NodeUnprepareResources call.</summary>
    public static readonly TimeSpan KubeletCallTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Gets or sets the DRA driver name (a DNS subdomain of at most 63 characters).</summary>
    [Required]
    public string DriverName { get; set; } = "gpu.nvidia.com";

    /// <summary>Gets or sets the Kubernetes node name; it is also the ResourceSlice pool name. Required.</summary>
    [Required]
    public string NodeName { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets where the NVIDIA driver lives on the host (Helm <c>nvidiaDriverRoot</c>): <c>/</c> for a
    /// host-installed driver, <c>/run/nvidia/driver</c> for the GPU Operator, <c>/home/kubernetes/bin/nvidia</c>
    /// on GKE, or any other absolute path.
    /// </summary>
    [Required]
    public string NvidiaDriverRoot { get; set; } = "/";

    /// <summary>Gets or sets where the host driver root is mounted inside the plugin container.</summary>
    [Required]
    public string ContainerDriverRoot { get; set; } = "/driver-root";

    /// <summary>Gets or sets where the host's <c>/</c> is mounted inside the plugin container (needed for passthrough).</summary>
    [Required]
    public string HostRoot { get; set; } = "/host-root";

    /// <summary>Gets or sets the directory that receives CDI specs (claim specs and device-metadata mount specs).</summary>
    [Required]
    public string CdiRoot { get; set; } = "/var/run/cdi";

    /// <summary>Gets or sets the plugin's data directory: checkpoint, locks and device-metadata files.</summary>
    [Required]
    public string PluginDataDirectory { get; set; } = "/var/lib/kubelet/plugins/gpu.nvidia.com";

    /// <summary>
    /// Gets the feature gates set from configuration (gate name → value). Applied before <see cref="FeatureGatesFlag"/>.
    /// </summary>
    public Dictionary<string, bool> FeatureGates { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the feature gates in the Kubernetes <c>--feature-gates</c> form, <c>A=true,B=false</c>.</summary>
    public string? FeatureGatesFlag { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether GPUs found already bound to vfio-pci at start-up, and not prepared by
    /// this driver, are advertised (as vfio devices only) and treated as owned by vfio on release. Off by default:
    /// such GPUs were put there by someone else and are left alone.
    /// </summary>
    public bool AdoptPreBoundVfioDevices { get; set; }

    /// <summary>
    /// Gets or sets what start-up does with a GPU it finds on a VFIO driver with this driver's CDI spec for a claim the
    /// checkpoint does not record (the checkpoint was lost or deleted). <see langword="false"/> (the default) keeps
    /// it out of the ResourceSlices until kubelet unprepares that claim, which restores it; <see langword="true"/>
    /// restores it to <c>nvidia</c> at start-up (refused while a VM holds it). Either way it is logged, counted and
    /// shown by the doctor.
    /// </summary>
    public bool RestoreUnrecordedVfioGpus { get; set; }

    /// <summary>Gets or sets the deadline of one prepare call; it must stay inside kubelet's 45 s.</summary>
    public TimeSpan PrepareTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Gets or sets the deadline of one unprepare call; it must stay inside kubelet's 45 s.</summary>
    public TimeSpan UnprepareTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Gets or sets how long to wait for the node-wide prepare/unprepare lock.</summary>
    public TimeSpan NodeLockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long to wait for processes holding a GPU to let go before naming them in the error.</summary>
    public TimeSpan HolderWaitTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the limit on one sysfs driver switch (unbind plus bind) before it is reported stuck.</summary>
    public TimeSpan DriverSwitchTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
