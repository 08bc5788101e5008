namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>Where a command reads the host from; every root defaults under the host root.</summary>
/// <param name="HostRoot">The host's <c>/</c> as this process sees it.</param>
/// <param name="SysfsRoot">sysfs, or <see langword="null"/> for <c>&lt;host-root&gt;/sys</c>.</param>
/// <param name="ProcRoot">procfs, or <see langword="null"/> for <c>&lt;host-root&gt;/proc</c>.</param>
/// <param name="DevRoot">/dev, or <see langword="null"/> for <c>&lt;host-root&gt;/dev</c>.</param>
/// <param name="ModulesRoot">kernel modules, or <see langword="null"/> for <c>&lt;host-root&gt;/lib/modules</c>.</param>
/// <param name="DriverRoot">The NVIDIA driver root, or <see langword="null"/> to detect it under the host root.</param>
internal sealed record HostRoots(
    string HostRoot,
    string? SysfsRoot = null,
    string? ProcRoot = null,
    string? DevRoot = null,
    string? ModulesRoot = null,
    string? DriverRoot = null)
{
    public string Sysfs => SysfsRoot ?? Path.Join(HostRoot, "sys");

    public string Proc => ProcRoot ?? Path.Join(HostRoot, "proc");

    public string Dev => DevRoot ?? Path.Join(HostRoot, "dev");

    public string Modules => ModulesRoot ?? Path.Join(HostRoot, "lib/modules");

    /// <summary>The driver root given, else the first well-known one under the host root that has a driver, else the host root.</summary>
    public string ResolvedDriverRoot => DriverRoot ?? Core.Doctor.DriverRootDetector.Detect(HostRoot)?.Path ?? HostRoot;
}
