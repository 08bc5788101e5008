namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>
/// The dependency rules between gates, fatal at start-up as in the reference driver: exclusions and requirements.
/// All violations are reported together so one restart fixes them all.
/// </summary>
internal static class FeatureGateRules
{
    private static readonly (string First, string Second)[] MutuallyExclusive =
    [
        (FeatureGateNames.DynamicMig, FeatureGateNames.PassthroughSupport),
        (FeatureGateNames.PassthroughSupport, FeatureGateNames.NvmlDeviceHealthCheck),
        (FeatureGateNames.DynamicMig, FeatureGateNames.NvmlDeviceHealthCheck),
        (FeatureGateNames.DynamicMig, FeatureGateNames.MpsSupport),
    ];

    private static readonly (string Gate, string Required)[] Requirements =
    [
        (FeatureGateNames.DeviceMetadata, FeatureGateNames.PassthroughSupport),
        (FeatureGateNames.ComputeDomainCliques, FeatureGateNames.ImexDaemonsWithDnsNames),
    ];

    public static IReadOnlyList<string> FindViolations(Func<string, bool> isEnabled)
    {
        var violations = new List<string>();
        foreach (var (first, second) in MutuallyExclusive)
        {
            if (isEnabled(first) && isEnabled(second))
            {
                violations.Add(
                    $"feature gates {first} and {second} are mutually exclusive: set {first}=false or {second}=false");
            }
        }

        foreach (var (gate, required) in Requirements)
        {
            if (isEnabled(gate) && !isEnabled(required))
            {
                violations.Add($"feature gate {gate} requires {required}: set {required}=true or {gate}=false");
            }
        }

        return violations;
    }
}
