using System.IO.Abstractions;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Derives the <c>pcieRoot</c> attribute the way Kubernetes' device-attribute helper does: resolve the
/// <c>bus/pci/devices/&lt;bdf&gt;</c> link, require the cleaned target to be <c>devices/pci…/…/&lt;bdf&gt;</c>
/// under the sysfs root, and return the first component after <c>devices/</c>.
/// </summary>
internal static class PcieRootResolver
{
    public static string? Resolve(IFileSystem fileSystem, HostPaths paths, PciAddress address)
    {
        var link = paths.Device(address);
        var target = fileSystem.FileInfo.New(link).LinkTarget;
        if (target is null)
        {
            return null;
        }

        var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Join(paths.PciDevices, target));
        var relative = Path.GetRelativePath(paths.Sysfs, resolved);
        if (!relative.StartsWith("devices/pci", StringComparison.Ordinal) ||
            !relative.EndsWith("/" + address, StringComparison.Ordinal))
        {
            return null; // Not under /sys/devices/pci…: some virtual buses. The attribute is omitted.
        }

        var segments = relative.Split('/');
        return segments.Length >= 3 ? segments[1] : null;
    }
}
