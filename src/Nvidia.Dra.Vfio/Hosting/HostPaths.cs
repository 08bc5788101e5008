using System.Globalization;

namespace Nvidia.Dra.Vfio;

/// <summary>Every path the package reads or writes, derived from the configured roots.</summary>
internal sealed class HostPaths
{
    public HostPaths(VfioHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Sysfs = Clean(options.SysfsRoot);
        Dev = Clean(options.DevRoot);
        Proc = Clean(options.ProcRoot);
        HostRoot = Clean(options.HostRoot);
        DriverRoot = Clean(options.DriverRoot);
        Modules = Clean(options.ModulesRoot);
    }

    public VfioHostOptions Options { get; }

    public string Sysfs { get; }

    public string Dev { get; }

    public string Proc { get; }

    public string HostRoot { get; }

    public string DriverRoot { get; }

    public string Modules { get; }

    public string PciDevices => Path.Join(Sysfs, "bus/pci/devices");

    public string PciDrivers => Path.Join(Sysfs, "bus/pci/drivers");

    public string IommuGroups => Path.Join(Sysfs, "kernel/iommu_groups");

    public string IommuNode => Path.Join(Dev, "iommu");

    public string PersistencedSocket => Path.Join(DriverRoot, "run/nvidia-persistenced/socket");

    public string OsRelease => Path.Join(Proc, "sys/kernel/osrelease");

    /// <summary>A name that can safely become one path segment or one sysfs value (driver, module, kernel release).</summary>
    public static bool IsSafeName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && name is not "." and not ".." &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '+');

    public string Device(PciAddress address) => Path.Join(PciDevices, address.ToString());

    public string DeviceFile(PciAddress address, string file) => Path.Join(PciDevices, address.ToString(), file);

    public string Driver(string driver) => Path.Join(PciDrivers, RequireSafe(driver));

    public string DriverFile(string driver, string file) => Path.Join(PciDrivers, RequireSafe(driver), file);

    public string Module(string module) => Path.Join(Sysfs, "module", RequireSafe(module));

    public string IommuGroupDevices(int group) =>
        Path.Join(IommuGroups, group.ToString(CultureInfo.InvariantCulture), "devices");

    public string VfioGroupNode(int group) => Path.Join(Dev, "vfio", group.ToString(CultureInfo.InvariantCulture));

    public string VfioContainerNode => Path.Join(Dev, "vfio/vfio");

    public string VfioDeviceNode(string cdev) => Path.Join(Dev, "vfio/devices", RequireSafe(cdev));

    public string NvidiaGpuProc(PciAddress address) => Path.Join(Proc, "driver/nvidia/gpus", address.ToString());

    public string NvidiaNode(int minor) =>
        Path.Join(DriverRoot, "dev", "nvidia" + minor.ToString(CultureInfo.InvariantCulture));

    public string NvidiaDevDirectory => Path.Join(DriverRoot, "dev");

    public string ModulesAlias(string release) => Path.Join(Modules, RequireSafe(release), "modules.alias");

    /// <summary>Whether a path lies inside the sysfs or proc root: the only places the package ever writes.</summary>
    public bool IsWritable(string path)
    {
        var full = Path.GetFullPath(path);
        return IsUnder(full, Sysfs) || IsUnder(full, Proc);
    }

    private static bool IsUnder(string path, string root) =>
        root == "/" || path.StartsWith(root + "/", StringComparison.Ordinal);

    private static string RequireSafe(string name) =>
        IsSafeName(name) ? name : throw new ArgumentException($"'{name}' is not a safe driver, module or device name.", nameof(name));

    private static string Clean(string root)
    {
        var full = Path.GetFullPath(root);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
