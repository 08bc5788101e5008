using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>
/// Rebuilds a node capture (see the capture's README) as a simulated tree: every <c>sysfs-pci.tsv</c> row becomes a
/// file (<c>|</c> back to newlines), <c>@driver</c>/<c>@iommu_group</c>/<c>@physfn</c> rows become links,
/// <c>@realpath</c> places the device directory; host facts give the kernel release, modules, PCI drivers and
/// <c>/dev/nvidia*</c> nodes; the procfs information file is restored for the GPU.
/// </summary>
internal static class CaptureLoader
{
    public static void Load(string directory, SimulatedTree tree)
    {
        var rows = File.ReadAllLines(Path.Join(directory, "sysfs-pci.tsv"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t', 3))
            .Where(parts => parts.Length == 3)
            .GroupBy(parts => PciAddress.Parse(parts[0]));
        var facts = Sections(Path.Join(directory, "host-facts.txt"), "## ");
        foreach (var driver in facts.GetValueOrDefault("pci drivers", []))
        {
            tree.RegisterDriver(driver.Trim());
        }

        foreach (var module in facts.GetValueOrDefault("modules", []))
        {
            tree.RegisterModule(module.Trim(), null);
        }

        if (facts.GetValueOrDefault("uname", []).FirstOrDefault()?.Split(' ') is [_, _, var release, ..])
        {
            File.WriteAllText(Path.Join(tree.Proc, "sys/kernel/osrelease"), release + "\n");
        }

        foreach (var line in facts.GetValueOrDefault("/dev/nvidia*", []))
        {
            var node = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (node is not null && node.StartsWith("/dev/nvidia", StringComparison.Ordinal))
            {
                SimulatedTree.EnsureFile(Path.Join(tree.Root, node));
            }
        }

        // The capture's IOMMU is off: the groups directory exists and is empty.
        Directory.CreateDirectory(Path.Join(tree.Sys, "kernel/iommu_groups"));
        var modalias = ModaliasOf(Path.Join(directory, "gpu-sysfs-listing.txt"));
        var links = new List<(PciAddress Address, string Name, string Value)>();
        foreach (var function in rows)
        {
            var attributes = new Dictionary<string, string>();
            var devicePath = $"devices/pci{function.Key.Domain:x4}:{function.Key.Bus:x2}/{function.Key}";
            foreach (var (name, value) in function.Select(parts => (parts[1], parts[2])))
            {
                if (name == "@realpath")
                {
                    devicePath = value.StartsWith("/sys/", StringComparison.Ordinal) ? value["/sys/".Length..] : devicePath;
                }
                else if (name.StartsWith('@'))
                {
                    links.Add((function.Key, name[1..], value));
                }
                else
                {
                    attributes[name] = value.Replace('|', '\n');
                }
            }

            if (modalias.Address == function.Key && modalias.Value is not null)
            {
                attributes["modalias"] = modalias.Value + "\n";
            }

            tree.WriteFunction(function.Key, devicePath, attributes);
        }

        foreach (var (address, name, value) in links)
        {
            var target = Path.GetFileName(value);
            switch (name)
            {
                case "driver":
                    if (!Directory.Exists(tree.DriverDirectory(target)))
                    {
                        tree.RegisterDriver(target);
                    }

                    tree.LinkDriver(address, target);
                    break;
                case "iommu_group":
                    tree.SetGroup(address, int.Parse(target, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "physfn":
                    tree.LinkPhysicalFunction(address, PciAddress.Parse(target), 0);
                    break;
            }
        }

        RestoreProcInformation(Path.Join(directory, "proc-driver-nvidia-information.txt"), tree);
    }

    private static (PciAddress Address, string? Value) ModaliasOf(string listing)
    {
        if (!File.Exists(listing))
        {
            return (default, null);
        }

        var lines = File.ReadAllLines(listing);
        var gpu = lines.FirstOrDefault(l => l.StartsWith("## gpu ", StringComparison.Ordinal));
        var alias = lines.FirstOrDefault(l => l.StartsWith("pci:v", StringComparison.Ordinal));
        return gpu is not null && PciAddress.TryParse(gpu["## gpu ".Length..].Trim(), out var address) ? (address, alias) : (default, null);
    }

    private static void RestoreProcInformation(string path, SimulatedTree tree)
    {
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var (header, lines) in Sections(path, "### "))
        {
            if (header.StartsWith("/proc/driver/nvidia/gpus/", StringComparison.Ordinal))
            {
                var target = Path.Join(tree.Proc, header["/proc/".Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, string.Join('\n', lines) + "\n");
            }
        }
    }

    private static Dictionary<string, List<string>> Sections(string path, string marker)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in File.Exists(path) ? File.ReadAllLines(path) : [])
        {
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                current = [];
                sections[line[marker.Length..].Trim()] = current;
            }
            else if (line.StartsWith("#", StringComparison.Ordinal) && marker == "### ")
            {
                current = null;
            }
            else if (current is not null && line.Length > 0)
            {
                current.Add(line);
            }
        }

        return sections;
    }
}
