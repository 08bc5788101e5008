namespace Nvidia.Dra.Core.Preflight;

/// <summary>
/// What start-up found on the host, gathered by the leaf packages (Vfio for sysfs, modules and mounts; Nvml for
/// the NVML library) and judged by <see cref="PreflightEvaluator"/>. Core owns this record so the judgement stays
/// pure and testable; an error text field is <see langword="null"/> when the probe succeeded.
/// </summary>
public sealed record HostPrerequisites
{
    /// <summary>Gets a value indicating whether <c>/sys/kernel/iommu_groups</c> exists and has at least one group.</summary>
    public required bool IommuEnabled { get; init; }

    /// <summary>Gets a value indicating whether <c>&lt;hostRoot&gt;/dev/iommu</c> exists (iommufd).</summary>
    public required bool IommuFdAvailable { get; init; }

    /// <summary>Gets the error of probing <c>/dev/iommu</c>, other than "does not exist".</summary>
    public string? IommuFdProbeError { get; init; }

    /// <summary>Gets a value indicating whether the host root (<see cref="NvidiaDraOptions.HostRoot"/>) is mounted.</summary>
    public required bool HostRootMounted { get; init; }

    /// <summary>Gets the error of reading <c>/lib/modules/&lt;release&gt;/modules.alias</c> to pick the vfio driver.</summary>
    public string? KernelModulesError { get; init; }

    /// <summary>Gets a value indicating whether <c>/sys/bus/pci</c> is writable (mounted read-write, privileged).</summary>
    public required bool SysfsWritable { get; init; }

    /// <summary>Gets the host tools passthrough needs that are missing, for example <c>modprobe</c>.</summary>
    public IReadOnlyList<string> MissingHostTools { get; init; } = [];

    /// <summary>Gets a value indicating whether <c>libnvidia-ml.so.1</c> was found under the container driver root.</summary>
    public required bool NvmlLibraryFound { get; init; }

    /// <summary>Gets the NVML initialisation error; zero GPUs is not an error.</summary>
    public string? NvmlInitError { get; init; }

    /// <summary>
    /// Gets the error of listing the proc root the holder scan reads (<c>VfioHostOptions.ProcRoot</c>); without it
    /// no holder can be seen, and "could not check" must never pass for "free".
    /// </summary>
    public string? ProcRootError { get; init; }

    /// <summary>Gets the error of enumerating NVIDIA PCI functions in sysfs.</summary>
    public string? PciEnumerationError { get; init; }
}
