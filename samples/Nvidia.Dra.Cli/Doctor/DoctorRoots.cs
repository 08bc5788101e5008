namespace Nvidia.Dra.Cli.Doctor;

/// <summary>The roots <c>nvdra doctor</c> reads; every one defaults under the host root.</summary>
internal sealed record DoctorRoots(
    string HostRoot,
    string? SysfsRoot,
    string? ProcRoot,
    string? DevRoot,
    string? ModulesRoot,
    string? DriverRoot,
    string DevicePluginDirectory)
{
    public string Sysfs => SysfsRoot ?? Path.Join(HostRoot, "sys");

    public string Proc => ProcRoot ?? Path.Join(HostRoot, "proc");

    public string Dev => DevRoot ?? Path.Join(HostRoot, "dev");

    public string Modules => ModulesRoot ?? Path.Join(HostRoot, "lib/modules");
}
