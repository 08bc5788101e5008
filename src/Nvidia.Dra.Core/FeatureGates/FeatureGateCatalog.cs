namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>
/// Every gate the driver accepts, with the defaults and stages of the reference driver (A.1 of the upstream
/// behaviour reference). Unknown names are rejected rather than ignored, so a typo never silently leaves a gate off.
/// </summary>
public static class FeatureGateCatalog
{
    /// <summary>Gets the known gates, in a stable order.</summary>
    public static IReadOnlyList<FeatureGateDefinition> Known { get; } =
    [
        new(FeatureGateNames.PassthroughSupport, false, FeatureStage.Alpha, "Advertise and prepare vfio devices for VFIO passthrough."),
        new(FeatureGateNames.DeviceMetadata, false, FeatureStage.Alpha, "Write KEP-5304 device metadata for prepared vfio devices."),
        new(FeatureGateNames.DynamicMig, false, FeatureStage.Alpha, "Create and destroy MIG devices on demand."),
        new(FeatureGateNames.NvmlDeviceHealthCheck, false, FeatureStage.Alpha, "Taint devices on NVML XID health events."),
        new(FeatureGateNames.TimeSlicingSettings, false, FeatureStage.Alpha, "Allow custom time-slicing intervals in GpuConfig."),
        new(FeatureGateNames.MpsSupport, false, FeatureStage.Alpha, "Allow MPS sharing in GpuConfig."),
        new(FeatureGateNames.ImexDaemonsWithDnsNames, true, FeatureStage.Beta, "Use DNS names for IMEX daemons."),
        new(FeatureGateNames.ComputeDomainCliques, true, FeatureStage.Beta, "Use ComputeDomainClique objects."),
        new(FeatureGateNames.CrashOnNvLinkFabricErrors, true, FeatureStage.Beta, "Crash on NVLink fabric errors."),
        new(FeatureGateNames.FabricManagerPartitioning, false, FeatureStage.Alpha, "Manage Fabric Manager partitions."),
        new(FeatureGateNames.HostManagedImexDaemon, false, FeatureStage.Alpha, "Allow the host-managed IMEX daemon mode."),
        new(FeatureGateNames.NodeLocalFabricIpc, false, FeatureStage.Alpha, "Run a single-node IMEX service."),
        new(FeatureGateNames.DraListTypeAttributes, false, FeatureStage.Alpha, "Publish list-typed device attributes."),
        new(FeatureGateNames.ConsumableShares, false, FeatureStage.Alpha, "Publish consumable capacity for shared devices."),
    ];

    /// <summary>Finds a gate by its exact, case-sensitive name.</summary>
    /// <param name="name">The gate name.</param>
    /// <returns>The definition, or <see langword="null"/> when the name is unknown.</returns>
    public static FeatureGateDefinition? Find(string name)
    {
        foreach (var gate in Known)
        {
            if (string.Equals(gate.Name, name, StringComparison.Ordinal))
            {
                return gate;
            }
        }

        return null;
    }

    internal static string KnownNamesForMessage() => string.Join(", ", Known.Select(g => g.Name));
}
