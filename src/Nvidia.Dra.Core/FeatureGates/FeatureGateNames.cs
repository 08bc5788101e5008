namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>
/// The names of the gates the reference NVIDIA driver defines, which our configuration accepts so that a host can
/// reuse the reference driver's <c>--feature-gates</c> value unchanged.
/// </summary>
public static class FeatureGateNames
{
    /// <summary>Advertise and prepare vfio devices for VFIO passthrough (Alpha, default off).</summary>
    public const string PassthroughSupport = "PassthroughSupport";

    /// <summary>Write KEP-5304 device metadata for prepared vfio devices (Alpha, default off; needs PassthroughSupport).</summary>
    public const string DeviceMetadata = "DeviceMetadata";

    /// <summary>Dynamic MIG management; excludes PassthroughSupport.</summary>
    public const string DynamicMig = "DynamicMIG";

    /// <summary>NVML XID health checks; excludes PassthroughSupport.</summary>
    public const string NvmlDeviceHealthCheck = "NVMLDeviceHealthCheck";

    /// <summary>Custom time-slicing intervals in GpuConfig.</summary>
    public const string TimeSlicingSettings = "TimeSlicingSettings";

    /// <summary>MPS sharing in GpuConfig.</summary>
    public const string MpsSupport = "MPSSupport";

    /// <summary>DNS names for IMEX daemons (ComputeDomains).</summary>
    public const string ImexDaemonsWithDnsNames = "IMEXDaemonsWithDNSNames";

    /// <summary>ComputeDomainClique objects; requires IMEXDaemonsWithDNSNames.</summary>
    public const string ComputeDomainCliques = "ComputeDomainCliques";

    /// <summary>Crash instead of falling back when NVLink fabric errors are detected.</summary>
    public const string CrashOnNvLinkFabricErrors = "CrashOnNVLinkFabricErrors";

    /// <summary>Fabric Manager partitions for full GPUs and vfio devices; allowed together with PassthroughSupport.</summary>
    public const string FabricManagerPartitioning = "FabricManagerPartitioning";

    /// <summary>Host-managed IMEX daemon mode.</summary>
    public const string HostManagedImexDaemon = "HostManagedIMEXDaemon";

    /// <summary>Single-node IMEX service.</summary>
    public const string NodeLocalFabricIpc = "NodeLocalFabricIPC";

    /// <summary>List-typed attributes (KEP-6072), for example a NUMA node list.</summary>
    public const string DraListTypeAttributes = "DRAListTypeAttributes";

    /// <summary>Consumable capacity and multiple allocations per device.</summary>
    public const string ConsumableShares = "ConsumableShares";
}
