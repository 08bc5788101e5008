namespace Nvidia.Dra.Testing.Nvml;

/// <summary>A persistence-mode change <see cref="FakeNvml"/> recorded.</summary>
/// <param name="PciBusId">The GPU, in sysfs form.</param>
/// <param name="Enabled">The mode that was set.</param>
public sealed record PersistenceModeChange(string PciBusId, bool Enabled);
