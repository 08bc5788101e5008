namespace Nvidia.Dra.Driver;

/// <summary>
/// The driver's settings, named after the NVIDIA DRA driver's flags and environment variables (and so its Helm
/// values), read by <see cref="DriverCommandLine"/>.
/// </summary>
public sealed record DriverSettings
{
    /// <summary>Gets the node name (<c>--node-name</c>, <c>NODE_NAME</c>). Required.</summary>
    public string NodeName { get; init; } = string.Empty;

    /// <summary>Gets the feature gates (<c>--feature-gates</c>, <c>FEATURE_GATES</c>), e.g. <c>PassthroughSupport=true,DeviceMetadata=true</c>.</summary>
    public string? FeatureGates { get; init; }

    /// <summary>Gets the host's NVIDIA driver root (<c>--nvidia-driver-root</c>, <c>NVIDIA_DRIVER_ROOT</c>; Helm <c>nvidiaDriverRoot</c>).</summary>
    public string NvidiaDriverRoot { get; init; } = "/";

    /// <summary>Gets where that root is mounted in the container (<c>--container-driver-root</c>, <c>DRIVER_ROOT_CTR_PATH</c>).</summary>
    public string ContainerDriverRoot { get; init; } = "/driver-root";

    /// <summary>Gets where the host's <c>/</c> is mounted (<c>--host-root</c>, <c>HOST_ROOT</c>).</summary>
    public string HostRoot { get; init; } = "/host-root";

    /// <summary>Gets the CDI spec directory (<c>--cdi-root</c>, <c>CDI_ROOT</c>).</summary>
    public string CdiRoot { get; init; } = "/var/run/cdi";

    /// <summary>Gets kubelet's registration directory (<c>--kubelet-registrar-directory-path</c>, <c>KUBELET_REGISTRAR_DIRECTORY_PATH</c>).</summary>
    public string KubeletRegistrarDirectory { get; init; } = "/var/lib/kubelet/plugins_registry";

    /// <summary>Gets kubelet's plugins directory (<c>--kubelet-plugins-directory-path</c>, <c>KUBELET_PLUGINS_DIRECTORY_PATH</c>); the driver uses <c>&lt;it&gt;/gpu.nvidia.com</c>.</summary>
    public string KubeletPluginsDirectory { get; init; } = "/var/lib/kubelet/plugins";

    /// <summary>Gets the health port (<c>--healthcheck-port</c>, <c>HEALTHCHECK_PORT</c>): negative disables, 0 picks a free port.</summary>
    public int HealthcheckPort { get; init; } = -1;

    /// <summary>Gets the address the health endpoint binds (<c>--healthcheck-address</c>, <c>HEALTHCHECK_ADDRESS</c>).</summary>
    public string HealthcheckAddress { get; init; } = "0.0.0.0";

    /// <summary>Gets the kubeconfig (<c>--kubeconfig</c>, <c>KUBECONFIG</c>); unset uses the pod's service account.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Gets the pod UID that turns on rolling updates (<c>--rolling-update-pod-uid</c>, <c>POD_UID</c> with <c>ROLLING_UPDATE=true</c>).</summary>
    public string? RollingUpdatePodUid { get; init; }

    /// <summary>
    /// Gets a value indicating whether start-up puts a GPU back on <c>nvidia</c> that it finds on vfio-pci with this
    /// driver's files for a claim but no checkpoint record, the checkpoint having been lost
    /// (<c>--restore-unrecorded-vfio-gpus</c>, <c>RESTORE_UNRECORDED_VFIO_GPUS</c>; Core's
    /// <c>RestoreUnrecordedVfioGpus</c>). Off: such a GPU is kept out of the ResourceSlices until kubelet unprepares
    /// that claim.
    /// </summary>
    public bool RestoreUnrecordedVfioGpus { get; init; }

    /// <summary>Gets the plugin directory of the driver.</summary>
    public string PluginDirectory => Path.Join(KubeletPluginsDirectory, DriverName);

    /// <summary>Gets the driver name (fixed, as in the NVIDIA driver).</summary>
    public string DriverName => "gpu.nvidia.com";
}
