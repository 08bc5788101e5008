namespace Nvidia.Dra.Core.FeatureGates;

/// <summary>A feature gate the driver knows, with its default and stage.</summary>
/// <param name="Name">The gate name exactly as written in <c>--feature-gates</c> (case-sensitive).</param>
/// <param name="Default">Whether the gate is on when nobody sets it.</param>
/// <param name="Stage">The gate's maturity.</param>
/// <param name="Description">What the gate turns on.</param>
public sealed record FeatureGateDefinition(string Name, bool Default, FeatureStage Stage, string Description);
