using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// The guest's kernel as the tests see it: the emulated devices' fixed addresses (eng/realkernel/boot.sh), sysfs reads
/// straight from the kernel to check the package's answers against, guarded writes, and the package's public types
/// built over the real /sys, /dev and /proc.
/// </summary>
internal static class GuestKernel
{
    /// <summary>e1000e alone in its group.</summary>
    public static readonly PciAddress Single = PciAddress.Parse("0000:00:03.0");

    /// <summary>The two functions of one slot, one group (e1000).</summary>
    public static readonly PciAddress SlotFunction0 = PciAddress.Parse("0000:00:04.0");

    /// <summary>The second function of that slot.</summary>
    public static readonly PciAddress SlotFunction1 = PciAddress.Parse("0000:00:04.1");

    /// <summary>The root port and the virtio-net behind it.</summary>
    public static readonly PciAddress RootPort = PciAddress.Parse("0000:00:05.0");

    /// <summary>virtio-net behind the root port.</summary>
    public static readonly PciAddress BehindRootPort = PciAddress.Parse("0000:01:00.0");

    /// <summary>QEMU's edu device: no driver claims it.</summary>
    public static readonly PciAddress Driverless = PciAddress.Parse("0000:00:06.0");

    /// <summary>The PCIe-to-PCI bridge; its group holds both devices behind it.</summary>
    public static readonly PciAddress Bridge = PciAddress.Parse("0000:00:07.0");

    /// <summary>First e1000 behind the bridge.</summary>
    public static readonly PciAddress BehindBridge1 = PciAddress.Parse("0000:02:01.0");

    /// <summary>Second e1000 behind the bridge.</summary>
    public static readonly PciAddress BehindBridge2 = PciAddress.Parse("0000:02:02.0");

    /// <summary>The 9p devices that carry the guest's root: never touched.</summary>
    public static readonly PciAddress[] RootShares = [PciAddress.Parse("0000:00:10.0"), PciAddress.Parse("0000:00:11.0")];

    public static readonly GuardedFileSystem FileSystem = new(GuestGuard.Default);

    public static string Release => File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

    /// <summary>Options for the real host, with a short write deadline so a stuck unbind shows within a test.</summary>
    public static IOptions<VfioHostOptions> Options(TimeSpan? writeTimeout = null) => Microsoft.Extensions.Options.Options.Create(new VfioHostOptions
    {
        SysfsWriteTimeout = writeTimeout ?? TimeSpan.FromSeconds(20),
        DeviceNodeTimeout = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromMilliseconds(20),
        LoadMissingModules = false,
    });

    public static PciDiscovery Discovery() => new(Options(), FileSystem);

    public static PassthroughPlanner Planner()
    {
        var options = Options();
        return new PassthroughPlanner(new PciDiscovery(options, FileSystem), new IommuInspector(options, FileSystem), new VfioDriverResolver(options, FileSystem));
    }

    /// <summary>The switch over the guarded file system; refuses to exist outside the guest.</summary>
    public static DriverSwitch Switch(TimeSpan? writeTimeout = null, System.IO.Abstractions.IFileSystem? fileSystem = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        GuestGuard.Default.EnsureGuest();
        var options = Options(writeTimeout);
        return new DriverSwitch(options, fileSystem: fileSystem ?? FileSystem, loggerFactory: loggerFactory);
    }

    /// <summary>The driver bound now, from the kernel's own link.</summary>
    public static string? Driver(PciAddress address)
    {
        var link = new FileInfo($"/sys/bus/pci/devices/{address}/driver").LinkTarget;
        return link is null ? null : Path.GetFileName(link);
    }

    /// <summary><c>driver_override</c> as the kernel prints it (<c>(null)</c> when unset).</summary>
    public static string Override(PciAddress address) => File.ReadAllText($"/sys/bus/pci/devices/{address}/driver_override").TrimEnd('\n');

    /// <summary>The IOMMU group, from the kernel's own link.</summary>
    public static int Group(PciAddress address) =>
        int.Parse(Path.GetFileName(new FileInfo($"/sys/bus/pci/devices/{address}/iommu_group").LinkTarget!), CultureInfo.InvariantCulture);

    /// <summary>The members of a group, from <c>/sys/kernel/iommu_groups/&lt;g&gt;/devices</c>.</summary>
    public static PciAddress[] GroupMembers(int group) =>
        [.. Directory.GetFileSystemEntries($"/sys/kernel/iommu_groups/{group}/devices").Select(p => PciAddress.Parse(Path.GetFileName(p))).Order()];

    public static bool GroupNodeExists(int group) => File.Exists($"/dev/vfio/{group}");

    public static bool HasVfioDev(PciAddress address) =>
        Directory.Exists($"/sys/bus/pci/devices/{address}/vfio-dev") &&
        Directory.EnumerateDirectories($"/sys/bus/pci/devices/{address}/vfio-dev", "vfio*").Any();

    /// <summary>Writes a sysfs attribute through the guard (test set-up only; the package does its own writes).</summary>
    public static void Write(string path, string value) => FileSystem.File.WriteAllText(path, value);

    /// <summary>Puts a function back on a driver after a failed test, so later tests start from the boot state.</summary>
    public static void ForceBind(PciAddress address, string? driver)
    {
        if (Driver(address) is { } current && current != driver)
        {
            Write($"/sys/bus/pci/drivers/{current}/unbind", address.ToString());
        }

        Write($"/sys/bus/pci/devices/{address}/driver_override", "\n");
        if (driver is not null && Driver(address) != driver)
        {
            Write($"/sys/bus/pci/drivers/{driver}/bind", address.ToString());
        }
    }

    /// <summary>Waits for a condition the kernel reaches asynchronously.</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
