namespace Nvidia.Dra.Nvml.Tests;

/// <summary>Tests that touch the process-wide library loader (through <see cref="NvmlClient"/>'s public
/// constructor) run one at a time, so their settings do not race.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedLoaderCollection
{
    public const string Name = "Shared NVML loader";
}
