namespace Nvidia.Dra.Core;

/// <summary>The event ids Nvidia.Dra.Core logs with (range 1000–1999), for filters and alerts.</summary>
public static class NvidiaDraEventIds
{
    /// <summary>A GPU or attribute was left out of, or changed in, the ResourceSlices.</summary>
    public const int AdvertisingNote = 1001;

    /// <summary>The pool content changed and its generation was bumped.</summary>
    public const int PoolGenerationBumped = 1002;
}
