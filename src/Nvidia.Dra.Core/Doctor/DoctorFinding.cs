namespace Nvidia.Dra.Core.Doctor;

/// <summary>One result of a doctor check, with what was found and what to do.</summary>
/// <param name="Check">The stable name of the check, for example <c>iommu</c> or <c>gpu-holders</c>.</param>
/// <param name="Subject">What was checked: <c>node</c>, or a GPU's PCI address.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Summary">One line saying what was found.</param>
/// <param name="Evidence">The facts behind the verdict (paths read, values, processes), one per line.</param>
/// <param name="Remedy">What to do, or <see langword="null"/> when nothing is needed.</param>
public sealed record DoctorFinding(
    string Check,
    string Subject,
    DoctorStatus Status,
    string Summary,
    IReadOnlyList<string> Evidence,
    string? Remedy = null)
{
    /// <summary>The subject of node-wide findings.</summary>
    public const string NodeSubject = "node";
}
