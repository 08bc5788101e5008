namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>The maturity of a feature gate, as Kubernetes components report it.</summary>
public enum FeatureStage
{
    /// <summary>Experimental; off by default.</summary>
    Alpha,

    /// <summary>Well tested; usually on by default.</summary>
    Beta,

    /// <summary>Generally available; the gate only remains for compatibility.</summary>
    GA,
}
