using System.IO.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Reads <c>&lt;sysfs&gt;/kernel/iommu_groups</c> and <c>&lt;dev&gt;/iommu</c>.</summary>
public sealed class IommuInspector : IIommuInspector
{
    private readonly HostPaths _paths;
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates the inspector over the given roots.</summary>
    /// <param name="options">Host roots; defaults to the real host.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    public IommuInspector(IOptions<VfioHostOptions>? options = null, IFileSystem? fileSystem = null)
    {
        _paths = new HostPaths(options?.Value ?? new VfioHostOptions());
        _fileSystem = fileSystem ?? new FileSystem();
    }

    /// <inheritdoc/>
    public IommuState GetState()
    {
        var iommufd = _fileSystem.Path.Exists(_paths.IommuNode);
        if (!_fileSystem.Directory.Exists(_paths.IommuGroups))
        {
            return new IommuState(false, $"{_paths.IommuGroups} does not exist: the kernel has no IOMMU support or sysfs is not mounted there. Enable VT-d/AMD-Vi in firmware and boot with intel_iommu=on (or amd_iommu=on) iommu=pt.", iommufd, 0);
        }

        var groups = _fileSystem.Directory.EnumerateFileSystemEntries(_paths.IommuGroups).Count();
        return groups == 0
            ? new IommuState(false, $"{_paths.IommuGroups} is empty: the IOMMU is disabled. Enable VT-d/AMD-Vi in firmware and boot with intel_iommu=on (or amd_iommu=on) iommu=pt.", iommufd, 0)
            : new IommuState(true, $"{groups} IOMMU groups under {_paths.IommuGroups}.", iommufd, groups);
    }

    /// <inheritdoc/>
    public bool IsIommufdAvailable() => _fileSystem.Path.Exists(_paths.IommuNode);

    /// <inheritdoc/>
    public IReadOnlyList<PciAddress> GetGroupMembers(int group)
    {
        var directory = _paths.IommuGroupDevices(group);
        if (!_fileSystem.Directory.Exists(directory))
        {
            return [];
        }

        var members = new List<PciAddress>();
        foreach (var entry in _fileSystem.Directory.EnumerateFileSystemEntries(directory))
        {
            if (PciAddress.TryParse(Path.GetFileName(entry), out var address))
            {
                members.Add(address);
            }
        }

        members.Sort();
        return members;
    }
}
