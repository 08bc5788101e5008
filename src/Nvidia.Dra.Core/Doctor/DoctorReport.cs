using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>Every finding of one doctor run, in check registration order.</summary>
/// <param name="Findings">The findings.</param>
public sealed record DoctorReport(IReadOnlyList<DoctorFinding> Findings)
{
    // Evidence quotes paths, command lines and kernel parameters: keep '+', '<' and quotes readable (the output
    // is printed, not embedded in HTML).
    private static readonly DoctorJsonContext Json = new(new System.Text.Json.JsonSerializerOptions(DoctorJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Gets the worst status of all findings (<see cref="DoctorStatus.Ok"/> when there are none).</summary>
    public DoctorStatus Status => Findings.Count == 0 ? DoctorStatus.Ok : Findings.Max(f => f.Status);

    /// <summary>Gets a value indicating whether any finding blocks passthrough.</summary>
    public bool HasBlocking => Findings.Any(f => f.Status == DoctorStatus.Blocking);

    /// <summary>Serialises the report (status and findings) as indented JSON, camel case, statuses as lower-case strings.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(new DoctorReportJson(Status, Findings), Json.DoctorReportJson);
}
