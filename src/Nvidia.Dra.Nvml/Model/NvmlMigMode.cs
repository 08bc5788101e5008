namespace Nvidia.Dra.Nvml;

/// <summary>A GPU's MIG mode: the one in force and the one that takes effect after the next reset.</summary>
/// <param name="CurrentEnabled">Whether MIG is on now.</param>
/// <param name="PendingEnabled">Whether MIG will be on after the next GPU reset.</param>
public readonly record struct NvmlMigMode(bool CurrentEnabled, bool PendingEnabled);
