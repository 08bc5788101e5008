namespace Nvidia.Dra.Vfio;

/// <summary>SR-IOV facts of a function: zero VFs when the capability is absent (never an error).</summary>
/// <param name="TotalVfs">The value of <c>sriov_totalvfs</c>, or 0 when absent.</param>
/// <param name="NumVfs">The value of <c>sriov_numvfs</c>, or 0 when absent.</param>
/// <param name="PhysicalFunction">For a virtual function, its physical function (<c>physfn</c> link).</param>
public sealed record SriovInfo(int TotalVfs, int NumVfs, PciAddress? PhysicalFunction)
{
    /// <summary>Gets the value for a function without SR-IOV.</summary>
    public static SriovInfo None { get; } = new(0, 0, null);

    /// <summary>Gets a value indicating whether the function is a virtual function.</summary>
    public bool IsVirtualFunction => PhysicalFunction is not null;
}
