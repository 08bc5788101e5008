using System.Text;
using Nvidia.Dra.Core.Doctor;

namespace Nvidia.Dra.Cli.Doctor;

/// <summary>The readable form of a doctor report: one block per finding, worst verdict in the last line.</summary>
internal static class DoctorTable
{
    public static string Format(DoctorReport report)
    {
        var width = Math.Max("CHECK".Length, report.Findings.Count == 0 ? 0 : report.Findings.Max(f => f.Check.Length));
        var subjectWidth = Math.Max("SUBJECT".Length, report.Findings.Count == 0 ? 0 : report.Findings.Max(f => f.Subject.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"STATUS",-9}{"CHECK".PadRight(width + 2)}{"SUBJECT".PadRight(subjectWidth + 2)}FINDING");
        foreach (var finding in report.Findings)
        {
            text.AppendLine($"{Label(finding.Status),-9}{finding.Check.PadRight(width + 2)}{finding.Subject.PadRight(subjectWidth + 2)}{finding.Summary}");
            var indent = new string(' ', 9 + width + 2 + subjectWidth + 2);
            foreach (var line in finding.Evidence)
            {
                text.AppendLine($"{indent}- {line}");
            }

            if (finding.Remedy is not null && finding.Status != DoctorStatus.Ok)
            {
                text.AppendLine($"{indent}remedy: {finding.Remedy}");
            }
        }

        var blocking = report.Findings.Count(f => f.Status == DoctorStatus.Blocking);
        var warnings = report.Findings.Count(f => f.Status == DoctorStatus.Warning);
        var ok = report.Findings.Count(f => f.Status == DoctorStatus.Ok);
        text.AppendLine();
        text.AppendLine(blocking > 0
            ? $"{blocking} blocking, {warnings} warnings, {ok} ok: passthrough is blocked on this node (exit code 1)"
            : $"0 blocking, {warnings} warnings, {ok} ok: nothing blocks passthrough (exit code 0)");
        return text.ToString();
    }

    private static string Label(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "ok",
        DoctorStatus.Warning => "warning",
        _ => "BLOCKING",
    };
}
