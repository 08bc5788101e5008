using System.Text;
using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Core.Doctor;

namespace Nvidia.Dra.Cli.Doctor;

/// <summary>The readable form of a doctor report: one block per finding, worst verdict and exit code in the last line.</summary>
internal static class DoctorTable
{
    private const int StatusWidth = 17; // "could not check" and two spaces

    // Evidence quotes process command lines and file content: printed escaped, and cut where it runs long.
    private const int EvidenceLength = 500;

    public static string Format(DoctorReport report)
    {
        var width = Math.Max("CHECK".Length, report.Findings.Count == 0 ? 0 : report.Findings.Max(f => f.Check.Length));
        var subjectWidth = Math.Max("SUBJECT".Length, report.Findings.Count == 0 ? 0 : report.Findings.Max(f => f.Subject.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"STATUS",-StatusWidth}{"CHECK".PadRight(width + 2)}{"SUBJECT".PadRight(subjectWidth + 2)}FINDING");
        foreach (var finding in report.Findings)
        {
            text.AppendLine($"{Label(finding.Status),-StatusWidth}{finding.Check.PadRight(width + 2)}{finding.Subject.PadRight(subjectWidth + 2)}{CliText.Printable(finding.Summary, EvidenceLength)}");
            var indent = new string(' ', StatusWidth + width + 2 + subjectWidth + 2);
            foreach (var line in finding.Evidence)
            {
                text.AppendLine($"{indent}- {CliText.Printable(line, EvidenceLength)}");
            }

            if (finding.Remedy is not null && finding.Status != DoctorStatus.Ok)
            {
                text.AppendLine($"{indent}remedy: {CliText.Printable(finding.Remedy, EvidenceLength)}");
            }
        }

        var blocking = report.Findings.Count(f => f.Status == DoctorStatus.Blocking);
        var notChecked = report.Findings.Count(f => f.Status == DoctorStatus.CouldNotCheck);
        var warnings = report.Findings.Count(f => f.Status == DoctorStatus.Warning);
        var ok = report.Findings.Count(f => f.Status == DoctorStatus.Ok);
        var counts = $"{blocking} blocking, {notChecked} could not check, {warnings} warnings, {ok} ok";
        text.AppendLine();
        text.AppendLine(report.Status switch
        {
            DoctorStatus.Blocking => $"{counts}: passthrough is blocked on this node (exit code 1)",
            DoctorStatus.CouldNotCheck => $"{counts}: nothing found blocks passthrough, but not everything could be checked (exit code 2)",
            _ => $"{counts}: nothing blocks passthrough (exit code 0)",
        });
        return text.ToString();
    }

    private static string Label(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "ok",
        DoctorStatus.Warning => "warning",
        DoctorStatus.CouldNotCheck => "could not check",
        _ => "BLOCKING",
    };
}
