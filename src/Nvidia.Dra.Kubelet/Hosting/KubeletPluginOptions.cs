namespace Nvidia.Dra.Kubelet;

/// <summary>How the kubelet-plugin host runs; validated when the host starts.</summary>
public sealed class KubeletPluginOptions
{
    /// <summary>kubelet's plugin-registration directory.</summary>
    public const string DefaultRegistrarDirectory = "/var/lib/kubelet/plugins_registry";

    /// <summary>The parent of the per-driver plugin data directories.</summary>
    public const string DefaultPluginsDirectory = "/var/lib/kubelet/plugins";

    /// <summary>Gets or sets the DRA driver name (a DNS subdomain of at most 63 characters, e.g. <c>gpu.example.com</c>). Required.</summary>
    public string DriverName { get; set; } = string.Empty;

    /// <summary>Gets or sets the node this plugin runs on (usually from the downward API, <c>NODE_NAME</c>). Required.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>Gets or sets kubelet's plugin-registration directory; it must exist. Default <see cref="DefaultRegistrarDirectory"/>.</summary>
    public string RegistrarDirectory { get; set; } = DefaultRegistrarDirectory;

    /// <summary>
    /// Gets or sets the driver's plugin data directory, where <c>dra.sock</c> and <c>serialize.lock</c> live; it must
    /// exist and have the same path inside and outside the container. Default <c>/var/lib/kubelet/plugins/&lt;driver&gt;</c>.
    /// </summary>
    public string? PluginDirectory { get; set; }

    /// <summary>
    /// Gets or sets the TCP port of the <c>/healthz</c> and <c>/readyz</c> endpoint: <see langword="null"/> disables it,
    /// 0 picks a free port.
    /// </summary>
    public int? HealthPort { get; set; }

    /// <summary>Gets or sets the address the health endpoint binds to. Default <c>0.0.0.0</c> (kubelet probes the pod IP).</summary>
    public string HealthBindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Gets or sets the pod UID for rolling updates (kubelet ≥ 1.33): sockets get per-pod names (<c>dra-&lt;uid&gt;.sock</c>,
    /// <c>&lt;driver&gt;-&lt;uid&gt;-reg.sock</c>) so that two instances run side by side, and calls are serialised
    /// across them with a file lock. <see langword="null"/> (the default) disables rolling updates.
    /// </summary>
    public string? RollingUpdatePodUid { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether prepare and unprepare calls run one at a time (default
    /// <see langword="true"/>): in this process, or across instances through <c>serialize.lock</c> with rolling updates.
    /// Turn it off only when the driver serialises itself.
    /// </summary>
    public bool Serialize { get; set; } = true;

    /// <summary>
    /// Gets or sets the kubeconfig file for the API server. <see langword="null"/> (the default) uses the pod's service
    /// account when running in a cluster, else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Gets or sets how long one claim GET may take before that claim fails (kubelet's whole call has 45 s). Default 10 s.</summary>
    public TimeSpan ClaimReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets a value indicating whether <c>v1beta1.DRAPlugin</c> is served and advertised next to <c>v1.DRAPlugin</c> (kubelet 1.32/1.33). Default <see langword="true"/>.</summary>
    public bool ServeV1Beta1 { get; set; } = true;

    /// <summary>Gets the plugin data directory in effect.</summary>
    /// <returns><see cref="PluginDirectory"/>, or the default for <see cref="DriverName"/>.</returns>
    public string EffectivePluginDirectory() => PluginDirectory ?? Path.Join(DefaultPluginsDirectory, DriverName);
}
