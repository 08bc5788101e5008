namespace Nvidia.Dra.Kubelet.Tests.Slices;

/// <summary>Tests that watch the process-wide first-chance exception event run alone, so other tests' exceptions do
/// not reach them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FirstChanceCollection
{
    public const string Name = "First-chance exceptions";
}
