namespace Nvidia.Dra.Driver;

/// <summary>The driver's own log event ids: 6000–6099 (the packages use 1000–5999).</summary>
internal static class DriverEventIds
{
    /// <summary>The API server drops shared counters: the node switched to node-side exclusion.</summary>
    public const int NodeSideExclusion = 6000;

    /// <summary>The switch to node-side exclusion failed.</summary>
    public const int NodeSideExclusionFailed = 6001;

    /// <summary>Start-up's memory was given back after the host started.</summary>
    public const int StartupMemoryReleased = 6002;
}
