namespace Nvidia.Dra.Vfio;

/// <summary>One whole-host holder scan: who holds the nodes, and how many processes could not be inspected.</summary>
/// <param name="Holders">The holders, by PID then descriptor.</param>
/// <param name="UninspectableProcesses">
/// Processes whose descriptors could not be read for lack of privilege: a holder among them is invisible, so a scan
/// with none found but some uninspectable is "not known free", not "free".
/// </param>
public sealed record HolderScanResult(IReadOnlyList<DeviceHolder> Holders, int UninspectableProcesses)
{
    /// <summary>Gets a value indicating whether every process could be inspected.</summary>
    public bool IsComplete => UninspectableProcesses == 0;
}
