namespace Nvidia.Dra.Core.Configs;

/// <summary>MPS control-daemon settings, normalised.</summary>
/// <param name="DefaultActiveThreadPercentage">The active-thread percentage (0–100), when set.</param>
/// <param name="DefaultPinnedDeviceMemoryLimit">The pinned memory limit for every device (a Kubernetes quantity), when set.</param>
/// <param name="PerDevicePinnedMemoryLimits">Per-device limits keyed by device index or UUID.</param>
public sealed record MpsSettings(
    int? DefaultActiveThreadPercentage,
    string? DefaultPinnedDeviceMemoryLimit,
    IReadOnlyDictionary<string, string> PerDevicePinnedMemoryLimits);
