using System.Text.RegularExpressions;
using Nvidia.Dra.Core.Configs.Wire;
using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Configs;

/// <summary>
/// Fills the upstream defaults into decoded wire objects and validates them, naming the field on every rejection.
/// </summary>
internal static partial class ConfigNormalizer
{
    public static VfioDeviceConfig Normalize(VfioDeviceConfigWire wire)
    {
        var policy = wire.Iommu?.BackendPolicy switch
        {
            null or "" or nameof(IommuBackendPolicy.LegacyOnly) => IommuBackendPolicy.LegacyOnly,
            nameof(IommuBackendPolicy.PreferIommuFD) => IommuBackendPolicy.PreferIommuFD,
            var other => throw new OpaqueConfigException(
                "$.iommu.backendPolicy",
                $"unknown IOMMU backend policy '{other}' at $.iommu.backendPolicy in {VfioDeviceConfig.KindName}: use LegacyOnly (required by KubeVirt) or PreferIommuFD"),
        };

        return new VfioDeviceConfig(new IommuConfig(policy, wire.Iommu?.EnableApiDevice ?? false));
    }

    public static GpuConfig Normalize(GpuConfigWire wire, FeatureGateSet gates)
    {
        var sharing = wire.Sharing;
        if (sharing is null)
        {
            return GpuConfig.Default;
        }

        var strategy = ParseStrategy(sharing.Strategy, GpuConfig.KindName);
        if (strategy == SharingStrategy.TimeSlicing)
        {
            if (sharing.MpsConfig is not null)
            {
                throw new OpaqueConfigException(
                    "$.sharing.mpsConfig",
                    $"$.sharing.mpsConfig is set but $.sharing.strategy is TimeSlicing in {GpuConfig.KindName}: remove mpsConfig or use strategy MPS");
            }

            var interval = ParseInterval(sharing.TimeSlicingConfig?.Interval);
            if (interval != TimeSliceInterval.Default && !gates.IsEnabled(FeatureGateNames.TimeSlicingSettings))
            {
                throw new OpaqueConfigException(
                    "$.sharing.timeSlicingConfig.interval",
                    $"time-slice interval '{interval}' needs the {FeatureGateNames.TimeSlicingSettings} feature gate: enable it or use interval Default");
            }

            return new GpuConfig(new SharingSettings(SharingStrategy.TimeSlicing, interval, null));
        }

        if (sharing.TimeSlicingConfig is not null)
        {
            throw new OpaqueConfigException(
                "$.sharing.timeSlicingConfig",
                $"$.sharing.timeSlicingConfig is set but $.sharing.strategy is MPS in {GpuConfig.KindName}: remove timeSlicingConfig or use strategy TimeSlicing");
        }

        return new GpuConfig(new SharingSettings(SharingStrategy.Mps, null, NormalizeMps(sharing.MpsConfig, gates)));
    }

    public static MigDeviceConfig Normalize(MigDeviceConfigWire wire, FeatureGateSet gates)
    {
        var sharing = wire.Sharing;
        if (sharing is null)
        {
            return MigDeviceConfig.Default;
        }

        var strategy = ParseStrategy(sharing.Strategy, MigDeviceConfig.KindName);
        if (strategy == SharingStrategy.TimeSlicing)
        {
            if (sharing.MpsConfig is not null)
            {
                throw new OpaqueConfigException(
                    "$.sharing.mpsConfig",
                    $"$.sharing.mpsConfig is set but $.sharing.strategy is TimeSlicing in {MigDeviceConfig.KindName}: remove mpsConfig or use strategy MPS");
            }

            return MigDeviceConfig.Default;
        }

        return new MigDeviceConfig(new SharingSettings(SharingStrategy.Mps, null, NormalizeMps(sharing.MpsConfig, gates)));
    }

    private static SharingStrategy ParseStrategy(string? strategy, string kind) => strategy switch
    {
        "TimeSlicing" => SharingStrategy.TimeSlicing,
        "MPS" => SharingStrategy.Mps,
        _ => throw new OpaqueConfigException(
            "$.sharing.strategy",
            $"unknown sharing strategy '{strategy}' at $.sharing.strategy in {kind}: use TimeSlicing or MPS"),
    };

    private static TimeSliceInterval ParseInterval(string? interval) => interval switch
    {
        null or "" or "Default" => TimeSliceInterval.Default,
        "Short" => TimeSliceInterval.Short,
        "Medium" => TimeSliceInterval.Medium,
        "Long" => TimeSliceInterval.Long,
        _ => throw new OpaqueConfigException(
            "$.sharing.timeSlicingConfig.interval",
            $"unknown time-slice interval '{interval}' at $.sharing.timeSlicingConfig.interval: use Default, Short, Medium or Long"),
    };

    private static MpsSettings NormalizeMps(MpsConfigWire? mps, FeatureGateSet gates)
    {
        if (!gates.IsEnabled(FeatureGateNames.MpsSupport))
        {
            throw new OpaqueConfigException(
                "$.sharing.strategy",
                $"sharing strategy MPS needs the {FeatureGateNames.MpsSupport} feature gate: enable it or use TimeSlicing");
        }

        if (mps?.DefaultActiveThreadPercentage is { } percentage and (< 0 or > 100))
        {
            throw new OpaqueConfigException(
                "$.sharing.mpsConfig.defaultActiveThreadPercentage",
                $"defaultActiveThreadPercentage {percentage} is outside 0–100");
        }

        CheckQuantity("$.sharing.mpsConfig.defaultPinnedDeviceMemoryLimit", mps?.DefaultPinnedDeviceMemoryLimit);
        var perDevice = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (device, limit) in mps?.DefaultPerDevicePinnedMemoryLimit ?? [])
        {
            var field = $"$.sharing.mpsConfig.defaultPerDevicePinnedMemoryLimit['{device}']";
            if (device.Length == 0 || limit is null)
            {
                throw new OpaqueConfigException(field, $"per-device pinned memory limit '{device}' needs a device index or GPU UUID as key and a quantity as value");
            }

            CheckQuantity(field, limit);
            perDevice[device] = limit;
        }

        return new MpsSettings(mps?.DefaultActiveThreadPercentage, mps?.DefaultPinnedDeviceMemoryLimit, perDevice);
    }

    private static void CheckQuantity(string field, string? quantity)
    {
        if (quantity is not null && !QuantityPattern().IsMatch(quantity))
        {
            throw new OpaqueConfigException(
                field,
                $"'{quantity}' at {field} is not a Kubernetes quantity: write for example 1Gi or 512M");
        }
    }

    // The Kubernetes quantity grammar: a decimal number with an optional binary, decimal or exponent suffix.
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();
}
