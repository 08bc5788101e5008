using System.Globalization;

namespace Nvidia.Dra.Driver;

/// <summary>
/// Reads <see cref="DriverSettings"/> from flags (<c>--name value</c> or <c>--name=value</c>), falling back to the
/// environment variables the NVIDIA driver's Helm chart sets. Errors name the flag, the value and the remedy.
/// </summary>
public static class DriverCommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        nvidia-dra-driver: the kubelet DRA plugin for NVIDIA GPU passthrough to KubeVirt VMs.

        Flags (environment variable in brackets):
          --node-name NAME                         [NODE_NAME] this node (required)
          --feature-gates GATES                    [FEATURE_GATES] e.g. PassthroughSupport=true,DeviceMetadata=true
          --nvidia-driver-root PATH                [NVIDIA_DRIVER_ROOT] host driver root (default /)
          --container-driver-root PATH             [DRIVER_ROOT_CTR_PATH] where it is mounted (default /driver-root)
          --host-root PATH                         [HOST_ROOT] host / mount (default /host-root)
          --cdi-root PATH                          [CDI_ROOT] CDI spec directory (default /var/run/cdi)
          --kubelet-registrar-directory-path PATH  [KUBELET_REGISTRAR_DIRECTORY_PATH] (default /var/lib/kubelet/plugins_registry)
          --kubelet-plugins-directory-path PATH    [KUBELET_PLUGINS_DIRECTORY_PATH] (default /var/lib/kubelet/plugins)
          --healthcheck-port PORT                  [HEALTHCHECK_PORT] /healthz and /readyz; negative disables (default -1)
          --healthcheck-address ADDRESS            [HEALTHCHECK_ADDRESS] (default 0.0.0.0)
          --kubeconfig PATH                        [KUBECONFIG] unset: the pod's service account
          --rolling-update-pod-uid UID             [POD_UID when ROLLING_UPDATE=true] per-pod sockets, shared lock
          --restore-unrecorded-vfio-gpus BOOL      [RESTORE_UNRECORDED_VFIO_GPUS] at start-up, put a GPU left on vfio-pci
                                                   by a lost checkpoint back on nvidia (default false: keep it out
                                                   of the slices until kubelet unprepares its claim)
          --help
        """;

    private static readonly string[] Flags =
    [
        "node-name", "feature-gates", "nvidia-driver-root", "container-driver-root", "host-root", "cdi-root",
        "kubelet-registrar-directory-path", "kubelet-plugins-directory-path", "healthcheck-port", "healthcheck-address",
        "kubeconfig", "rolling-update-pod-uid", "restore-unrecorded-vfio-gpus",
    ];

    /// <summary>Parses the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="settings">The settings, when parsing succeeded.</param>
    /// <param name="error">One line naming the flag, the value and the remedy; or <c>--help</c>'s usage.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(IReadOnlyList<string> args, Func<string, string?> environment, out DriverSettings settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        settings = new DriverSettings();
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                error = Usage;
                return false;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? (equals > 0 ? arg[2..equals] : arg[2..]) : null;
            if (name is null || !Flags.Contains(name, StringComparer.Ordinal))
            {
                error = $"unknown argument '{arg}'; run with --help for the flags";
                return false;
            }

            if (equals > 0)
            {
                values[name] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                values[name] = args[++i];
            }
            else
            {
                error = $"--{name} needs a value; run with --help for the flags";
                return false;
            }
        }

        string? Value(string flag, string variable) => values.TryGetValue(flag, out var v) ? v : environment(variable) is { Length: > 0 } e ? e : null;

        var defaults = new DriverSettings();
        var portText = Value("healthcheck-port", "HEALTHCHECK_PORT");
        var port = defaults.HealthcheckPort;
        if (portText is not null && !int.TryParse(portText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out port))
        {
            error = $"--healthcheck-port '{portText}' is not a number; use a TCP port, 0 for any free port, or -1 to disable";
            return false;
        }

        var restoreText = Value("restore-unrecorded-vfio-gpus", "RESTORE_UNRECORDED_VFIO_GPUS");
        var restore = defaults.RestoreUnrecordedVfioGpus;
        if (restoreText is not null && !bool.TryParse(restoreText, out restore))
        {
            error = $"--restore-unrecorded-vfio-gpus '{restoreText}' is not a boolean; use true or false";
            return false;
        }

        var podUid = Value("rolling-update-pod-uid", "ROLLING_UPDATE_POD_UID")
            ?? (string.Equals(environment("ROLLING_UPDATE"), "true", StringComparison.OrdinalIgnoreCase) ? environment("POD_UID") : null);
        settings = new DriverSettings
        {
            NodeName = Value("node-name", "NODE_NAME") ?? string.Empty,
            FeatureGates = Value("feature-gates", "FEATURE_GATES"),
            NvidiaDriverRoot = Value("nvidia-driver-root", "NVIDIA_DRIVER_ROOT") ?? defaults.NvidiaDriverRoot,
            ContainerDriverRoot = Value("container-driver-root", "DRIVER_ROOT_CTR_PATH") ?? defaults.ContainerDriverRoot,
            HostRoot = Value("host-root", "HOST_ROOT") ?? defaults.HostRoot,
            CdiRoot = Value("cdi-root", "CDI_ROOT") ?? defaults.CdiRoot,
            KubeletRegistrarDirectory = Value("kubelet-registrar-directory-path", "KUBELET_REGISTRAR_DIRECTORY_PATH") ?? defaults.KubeletRegistrarDirectory,
            KubeletPluginsDirectory = Value("kubelet-plugins-directory-path", "KUBELET_PLUGINS_DIRECTORY_PATH") ?? defaults.KubeletPluginsDirectory,
            HealthcheckPort = port,
            HealthcheckAddress = Value("healthcheck-address", "HEALTHCHECK_ADDRESS") ?? defaults.HealthcheckAddress,
            Kubeconfig = Value("kubeconfig", "KUBECONFIG"),
            RollingUpdatePodUid = podUid,
            RestoreUnrecordedVfioGpus = restore,
        };
        return true;
    }
}
