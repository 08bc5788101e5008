namespace Nvidia.Dra.Core.Doctor;

/// <summary>The JSON shape of a <see cref="DoctorReport"/>: the overall status first, then the findings.</summary>
internal sealed record DoctorReportJson(DoctorStatus Status, IReadOnlyList<DoctorFinding> Findings);
