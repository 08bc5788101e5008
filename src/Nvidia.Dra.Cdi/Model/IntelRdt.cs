namespace Nvidia.Dra.Cdi;

/// <summary>
/// Intel RDT settings (CDI 0.7.0; keys <c>closID</c>, <c>l3CacheSchema</c>, <c>memBwSchema</c>, and since 1.1.0
/// <c>schemata</c>, <c>enableMonitoring</c>).
/// </summary>
public sealed record IntelRdt
{
    /// <summary>Gets the class-of-service id (a file name in resctrl, or <c>/</c> for the root class).</summary>
    public string ClosId { get; init; } = string.Empty;

    /// <summary>Gets the L3 cache schema.</summary>
    public string L3CacheSchema { get; init; } = string.Empty;

    /// <summary>Gets the memory bandwidth schema.</summary>
    public string MemBwSchema { get; init; } = string.Empty;

    /// <summary>
    /// Gets the schemata lines (CDI 1.1.0), or <see langword="null"/> when absent. An explicit empty list is kept
    /// distinct from absence because it alone already requires version 1.1.0.
    /// </summary>
    public EquatableArray<string>? Schemata { get; init; }

    /// <summary>Gets whether a monitoring group is requested (CDI 1.1.0 when true).</summary>
    public bool EnableMonitoring { get; init; }
}
