namespace Nvidia.Dra.Vfio;

/// <summary>Reads the IOMMU state and group membership.</summary>
public interface IIommuInspector
{
    /// <summary>Reads whether the IOMMU is on, why, and whether iommufd is available.</summary>
    /// <returns>The state.</returns>
    IommuState GetState();

    /// <summary>
    /// Reads only whether iommufd is available (<c>/dev/iommu</c> exists): one stat, for callers that need nothing
    /// else of <see cref="GetState"/>, which lists every IOMMU group.
    /// </summary>
    /// <returns>Whether <c>/dev/iommu</c> exists.</returns>
    bool IsIommufdAvailable() => GetState().IommufdAvailable;

    /// <summary>Lists the functions of an IOMMU group, sorted.</summary>
    /// <param name="group">The group number.</param>
    /// <returns>The members; empty when the group does not exist.</returns>
    IReadOnlyList<PciAddress> GetGroupMembers(int group);
}
