namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>Builds the gate set from options: the configuration dictionary first, then the flag, later wins.</summary>
internal static class FeatureGateSetFactory
{
    public static FeatureGateSet FromOptions(NvidiaDraOptions options)
    {
        var merged = new Dictionary<string, bool>(options.FeatureGates, StringComparer.Ordinal);
        foreach (var (name, value) in FeatureGateSet.ParseFlag(options.FeatureGatesFlag))
        {
            merged[name] = value;
        }

        return FeatureGateSet.Create(merged);
    }
}
