using Nvidia.Dra.Core.FeatureGates;

namespace Nvidia.Dra.Core.Preflight;

/// <summary>
/// Judges the host's start-up facts. Fatal as in the reference driver: NVML missing or failing, and IOMMU off
/// with <c>PassthroughSupport</c> on (the NVIDIA guide's rule). Problems that only affect passthrough — host
/// mounts, kernel modules, sysfs, host tools, vfio enumeration — disable the vfio view instead of crash-looping
/// the whole plugin, so containers keep getting GPUs (W20). Pure: no I/O.
/// </summary>
public static class PreflightEvaluator
{
    /// <summary>Evaluates the facts against the gates.</summary>
    /// <param name="facts">What start-up found on the host.</param>
    /// <param name="gates">The feature gates in force.</param>
    /// <param name="hostRoot">The host-root mount, named in messages.</param>
    /// <returns>The findings, fatal first, and whether the vfio view may be advertised.</returns>
    public static PreflightReport Evaluate(HostPrerequisites facts, FeatureGateSet gates, string hostRoot = "/host-root")
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(gates);
        var findings = new List<PreflightFinding>();

        if (!facts.NvmlLibraryFound)
        {
            findings.Add(new(
                "NvmlLibraryMissing",
                PreflightSeverity.Fatal,
                "libnvidia-ml.so.1 was not found under the container driver root",
                "set nvidiaDriverRoot to where the NVIDIA driver is installed (/ for a host install, /run/nvidia/driver for the GPU Operator, /home/kubernetes/bin/nvidia on GKE) and check the driver is installed"));
        }

        if (facts.NvmlInitError is { } nvmlError)
        {
            findings.Add(new(
                "NvmlInitFailed",
                PreflightSeverity.Fatal,
                $"NVML failed to initialise: {nvmlError}",
                "check that the NVIDIA kernel module is loaded and matches the user-space driver (nvidia-smi on the host)"));
        }

        if (gates.PassthroughSupport)
        {
            AddPassthroughFindings(facts, hostRoot, findings);
        }

        var ordered = findings.OrderByDescending(f => f.Severity).ToList();
        return new PreflightReport(ordered)
        {
            PassthroughAvailable = gates.PassthroughSupport &&
                                   ordered.All(f => f.Severity < PreflightSeverity.DisablesPassthrough),
        };
    }

    private static void AddPassthroughFindings(HostPrerequisites facts, string hostRoot, List<PreflightFinding> findings)
    {
        if (!facts.IommuEnabled)
        {
            findings.Add(new(
                "IommuDisabled",
                PreflightSeverity.Fatal,
                $"IOMMU is not enabled in the kernel ({Path.Join(hostRoot, "sys/kernel/iommu_groups")} is missing or empty) and PassthroughSupport is on",
                "enable VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware, boot the node with intel_iommu=on (Intel) or amd_iommu=on (AMD) and iommu=pt on the kernel command line, then reboot; or set PassthroughSupport=false"));
        }

        if (facts.ProcRootError is { } procError)
        {
            findings.Add(new(
                "ProcRootUnreadable",
                PreflightSeverity.Fatal,
                $"the processes holding GPUs cannot be checked: {procError}",
                "run the plugin as root in the host PID namespace (hostPID: true) with the host /proc at VfioHostOptions.ProcRoot; a GPU is never switched while its holders are unknown"));
        }

        if (!facts.HostRootMounted)
        {
            findings.Add(new(
                "HostRootMissing",
                PreflightSeverity.DisablesPassthrough,
                $"the host root is not mounted at {hostRoot}",
                "mount the host / read-only at the HostRoot path (Helm does this when PassthroughSupport is on) or set HostRoot to where it is mounted"));
        }

        if (facts.KernelModulesError is { } modulesError)
        {
            findings.Add(new(
                "KernelModulesUnreadable",
                PreflightSeverity.DisablesPassthrough,
                $"the vfio driver cannot be chosen: {modulesError}",
                "mount the host /lib/modules read-only into the plugin container"));
        }

        if (!facts.SysfsWritable)
        {
            findings.Add(new(
                "SysfsReadOnly",
                PreflightSeverity.DisablesPassthrough,
                "/sys/bus/pci is not writable, so GPUs cannot be rebound to vfio-pci",
                "run the plugin container privileged with the host /sys mounted read-write"));
        }

        if (facts.MissingHostTools.Count > 0)
        {
            findings.Add(new(
                "HostToolsMissing",
                PreflightSeverity.DisablesPassthrough,
                $"host tools missing under {hostRoot}: {string.Join(", ", facts.MissingHostTools)}",
                "install them on the host (modprobe comes with kmod) or preload the vfio modules"));
        }

        if (facts.IommuFdProbeError is { } iommuFdError)
        {
            findings.Add(new(
                "IommuFdProbeFailed",
                PreflightSeverity.DisablesPassthrough,
                $"{Path.Join(hostRoot, "dev/iommu")} could not be checked: {iommuFdError}",
                "check the host /dev is visible under the host root"));
        }
        else if (!facts.IommuFdAvailable)
        {
            findings.Add(new(
                "IommuFdUnavailable",
                PreflightSeverity.Warning,
                $"{Path.Join(hostRoot, "dev/iommu")} does not exist, so PreferIommuFD falls back to the legacy /dev/vfio backend",
                "nothing to do for KubeVirt (it uses LegacyOnly); load the iommufd module for PreferIommuFD"));
        }

        if (facts.PciEnumerationError is { } pciError)
        {
            findings.Add(new(
                "PciEnumerationFailed",
                PreflightSeverity.DisablesPassthrough,
                $"NVIDIA PCI functions could not be listed from sysfs: {pciError}",
                "mount the host /sys into the plugin container"));
        }
    }
}
