namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>Shorthands for the built-in checks' results.</summary>
internal static class CheckResults
{
    public static Task<IReadOnlyList<DoctorFinding>> One(DoctorFinding finding) =>
        Task.FromResult<IReadOnlyList<DoctorFinding>>([finding]);

    public static Task<IReadOnlyList<DoctorFinding>> Many(IReadOnlyList<DoctorFinding> findings) =>
        Task.FromResult(findings);

    /// <summary>The node-wide finding of a per-GPU check on a node without GPUs.</summary>
    public static DoctorFinding NoGpus(string check, DoctorContext context) => new(
        check,
        DoctorFinding.NodeSubject,
        DoctorStatus.Warning,
        "no NVIDIA GPU found",
        [$"no function with vendor 0x10de and class 0x0300xx/0x0302xx under {Path.Join(context.Host.SysfsRoot, "bus/pci/devices")}"],
        "check that this is a GPU node and that --sysfs-root points at the host's /sys");
}
