using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>Builds and edits the simulated sysfs/dev/proc tree with plain file operations (no interception).</summary>
internal sealed class SimulatedTree
{
    private int _nextCdev;

    public SimulatedTree(string root)
    {
        Root = root;
        Sys = Path.Join(root, "sys");
        Dev = Path.Join(root, "dev");
        Proc = Path.Join(root, "proc");
        Modules = Path.Join(root, "lib/modules");
        Directory.CreateDirectory(Path.Join(Sys, "bus/pci/devices"));
        Directory.CreateDirectory(Path.Join(Sys, "bus/pci/drivers"));
        Directory.CreateDirectory(Path.Join(Sys, "module"));
        Directory.CreateDirectory(Dev);
        Directory.CreateDirectory(Path.Join(Proc, "sys/kernel"));
    }

    public string Root { get; }

    public string Sys { get; }

    public string Dev { get; }

    public string Proc { get; }

    public string Modules { get; }

    public string BusDevice(PciAddress address) => Path.Join(Sys, "bus/pci/devices", address.ToString());

    public string DeviceDirectory(PciAddress address) =>
        Directory.ResolveLinkTarget(BusDevice(address), true)?.FullName ?? BusDevice(address);

    public string DriverDirectory(string driver) => Path.Join(Sys, "bus/pci/drivers", driver);

    public string GroupNode(int group) => Path.Join(Dev, "vfio", group.ToString(CultureInfo.InvariantCulture));

    public string NvidiaNode(int minor) => Path.Join(Root, "dev", "nvidia" + minor.ToString(CultureInfo.InvariantCulture));

    public void WriteFunction(PciAddress address, string devicePath, IReadOnlyDictionary<string, string> attributes)
    {
        var directory = Path.Join(Sys, devicePath);
        Directory.CreateDirectory(directory);
        foreach (var (name, content) in attributes)
        {
            File.WriteAllText(Path.Join(directory, name), content);
        }

        Link(BusDevice(address), directory);
    }

    public void RegisterDriver(string driver)
    {
        var directory = DriverDirectory(driver);
        Directory.CreateDirectory(directory);
        foreach (var control in new[] { "bind", "unbind", "new_id", "remove_id" })
        {
            File.WriteAllText(Path.Join(directory, control), string.Empty);
        }
    }

    public void RegisterModule(string module, string? driver)
    {
        Directory.CreateDirectory(Path.Join(Sys, "module", module));
        if (driver is not null)
        {
            RegisterDriver(driver);
        }
    }

    public string? DriverOf(PciAddress address)
    {
        var link = Path.Join(DeviceDirectory(address), "driver");
        var target = new FileInfo(link).LinkTarget;
        return target is null ? null : Path.GetFileName(target);
    }

    public void LinkDriver(PciAddress address, string driver) =>
        Link(Path.Join(DeviceDirectory(address), "driver"), DriverDirectory(driver));

    public void UnlinkDriver(PciAddress address) => File.Delete(Path.Join(DeviceDirectory(address), "driver"));

    public string ReadOverride(PciAddress address) =>
        File.ReadAllText(Path.Join(DeviceDirectory(address), "driver_override")).Trim();

    public void WriteOverride(PciAddress address, string value) =>
        File.WriteAllText(Path.Join(DeviceDirectory(address), "driver_override"), (value.Length == 0 ? "(null)" : value) + "\n");

    public void SetGroup(PciAddress address, int group)
    {
        var groupDirectory = Path.Join(Sys, "kernel/iommu_groups", group.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Join(groupDirectory, "devices"));
        File.WriteAllText(Path.Join(groupDirectory, "type"), "DMA\n");
        Link(Path.Join(groupDirectory, "devices", address.ToString()), DeviceDirectory(address));
        Link(Path.Join(DeviceDirectory(address), "iommu_group"), groupDirectory);
    }

    public int? GroupOf(PciAddress address)
    {
        var target = new FileInfo(Path.Join(DeviceDirectory(address), "iommu_group")).LinkTarget;
        return target is null ? null : int.Parse(Path.GetFileName(target), CultureInfo.InvariantCulture);
    }

    public IEnumerable<PciAddress> GroupMembers(int group)
    {
        var directory = Path.Join(Sys, "kernel/iommu_groups", group.ToString(CultureInfo.InvariantCulture), "devices");
        return Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory).Select(e => PciAddress.Parse(Path.GetFileName(e)))
            : [];
    }

    public void LinkPhysicalFunction(PciAddress virtualFunction, PciAddress physicalFunction, int index)
    {
        Link(Path.Join(DeviceDirectory(virtualFunction), "physfn"), DeviceDirectory(physicalFunction));
        Link(Path.Join(DeviceDirectory(physicalFunction), "virtfn" + index.ToString(CultureInfo.InvariantCulture)), DeviceDirectory(virtualFunction));
    }

    public void LinkConsumer(PciAddress supplier, PciAddress consumer)
    {
        Link(Path.Join(DeviceDirectory(supplier), "consumer:pci:" + consumer), DeviceDirectory(consumer));
        Link(Path.Join(DeviceDirectory(consumer), "supplier:pci:" + supplier), DeviceDirectory(supplier));
    }

    public void CreateNvidiaProc(PciAddress address, int minor, bool unbindLock)
    {
        var directory = Path.Join(Proc, "driver/nvidia/gpus", address.ToString());
        Directory.CreateDirectory(directory);
        File.WriteAllText(
            Path.Join(directory, "information"),
            string.Create(CultureInfo.InvariantCulture, $"Model: \t\t NVIDIA Simulated GPU\nIRQ:   \t\t 41\nGPU UUID: \t GPU-00000000-0000-0000-0000-{minor:x12}\nBus Type: \t PCIe\nBus Location: \t {address}\nDevice Minor: \t {minor}\nGPU Excluded:\t No\n"));
        if (unbindLock)
        {
            File.WriteAllText(Path.Join(directory, "unbindLock"), "0\n");
        }

        EnsureFile(NvidiaNode(minor));
    }

    public void RemoveNvidiaProc(PciAddress address)
    {
        var directory = Path.Join(Proc, "driver/nvidia/gpus", address.ToString());
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    public void CreateVfioNodes(PciAddress address, SimulatedVfioDev layout, bool cdevNode = true)
    {
        if (GroupOf(address) is { } group)
        {
            EnsureFile(GroupNode(group));
        }

        EnsureFile(Path.Join(Dev, "vfio/vfio"));
        if (layout == SimulatedVfioDev.Absent)
        {
            return;
        }

        var number = Interlocked.Increment(ref _nextCdev);
        var name = "vfio" + number.ToString(CultureInfo.InvariantCulture);
        var cdev = Path.Join(DeviceDirectory(address), "vfio-dev", name);
        Directory.CreateDirectory(cdev);
        if (layout == SimulatedVfioDev.Cdev)
        {
            File.WriteAllText(Path.Join(cdev, "dev"), "511:" + number.ToString(CultureInfo.InvariantCulture) + "\n");
            if (cdevNode)
            {
                EnsureFile(Path.Join(Dev, "vfio/devices", name));
            }
        }
    }

    public void RemoveVfioNodes(PciAddress address, Func<PciAddress, string?> driverOf)
    {
        var cdevs = Path.Join(DeviceDirectory(address), "vfio-dev");
        if (Directory.Exists(cdevs))
        {
            foreach (var cdev in Directory.EnumerateDirectories(cdevs))
            {
                var node = Path.Join(Dev, "vfio/devices", Path.GetFileName(cdev));
                if (File.Exists(node))
                {
                    File.Delete(node);
                }
            }

            Directory.Delete(cdevs, true);
        }

        if (GroupOf(address) is { } group && !GroupMembers(group).Any(m => m != address && IsVfio(driverOf(m))))
        {
            File.Delete(GroupNode(group));
        }
    }

    public static bool IsVfio(string? driver) => driver is not null && driver.Contains("vfio", StringComparison.Ordinal);

    public static void EnsureFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, string.Empty);
        }
    }

    public static void Link(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, target));
    }
}
