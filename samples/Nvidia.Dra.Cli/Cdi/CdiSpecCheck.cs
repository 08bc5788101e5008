using System.Text.Json;
using Nvidia.Dra.Cdi;
using Nvidia.Dra.Cli.CommandLine;

namespace Nvidia.Dra.Cli.Cdi;

/// <summary>
/// The logic behind <c>nvdra cdi validate</c> and <c>nvdra cdi version</c>. A file is "unreadable" when it cannot be
/// read or decoded as a spec (not a regular file, over the size limit, I/O error, not UTF-8, YAML/JSON syntax, unknown
/// or duplicate key, wrong value type, no content: the reference library's "unparsable"); "invalid" when it decodes
/// but breaks a validation rule. Everything quoted from a file is printed escaped and cut to a readable length.
/// </summary>
public static class CdiSpecCheck
{
    public const int Valid = ExitCodes.Ok;
    public const int Invalid = ExitCodes.Negative;
    public const int Unreadable = ExitCodes.UsageOrCouldNotCheck;

    /// <summary>Validates each file, printing every problem with its location; returns the worst exit code.</summary>
    public static async Task<int> ValidateAsync(IReadOnlyList<string> files, TextWriter output, TextWriter error, bool json = false, CancellationToken cancellationToken = default)
    {
        var reports = new List<CdiFileReport>();
        foreach (var file in files)
        {
            var (spec, unreadable, notRead) = await TryParseAsync(file, cancellationToken).ConfigureAwait(false);
            if (spec is null)
            {
                reports.Add(new CdiFileReport(Printable(file), "unreadable", Problems: unreadable) { NotRead = notRead });
                continue;
            }

            var problems = CdiSpecValidator.Validate(spec);
            reports.Add(new CdiFileReport(
                Printable(file),
                problems.IsEmpty ? "valid" : "invalid",
                Printable(spec.Kind),
                Printable(spec.Version),
                CdiVersions.MinimumRequired(spec),
                problems.IsEmpty ? [.. spec.Devices.Select(d => Printable(spec.Kind + "=" + d.Name))] : null,
                problems.IsEmpty ? null : [.. problems.Select(Report)]));
        }

        var report = new CdiValidateReport(
            reports,
            reports.Count(r => r.Verdict == "valid"),
            reports.Count(r => r.Verdict == "invalid"),
            reports.Count(r => r.Verdict == "unreadable"));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, CdiCliJsonContext.Default.CdiValidateReport));
        }
        else
        {
            Print(report, output, error);
        }

        return report.Unreadable > 0 ? Unreadable : report.Invalid > 0 ? Invalid : Valid;
    }

    /// <summary>Prints the minimum version the file's content requires (the file need not pass validation).</summary>
    public static async Task<int> MinimumVersionAsync(string file, TextWriter output, TextWriter error, bool json = false, CancellationToken cancellationToken = default)
    {
        var (spec, problems, _) = await TryParseAsync(file, cancellationToken).ConfigureAwait(false);
        if (spec is null)
        {
            var summary = string.Join("; ", problems!.Select(p => p.Path.Length == 0 ? p.Message : $"{p.Path}: {p.Message}"));
            CliAction.Fail("cdi version", $"{Printable(file)}: unreadable: {summary}", Unreadable, json, output, error);
            return Unreadable;
        }

        var minimum = CdiVersions.MinimumRequired(spec);
        output.WriteLine(json ? JsonSerializer.Serialize(new CdiVersionReport(Printable(file), minimum), CdiCliJsonContext.Default.CdiVersionReport) : minimum);
        return Valid;
    }

    /// <summary>The spec, or the problems that kept it from decoding (<c>NotRead</c>: the file itself could not be read).</summary>
    private static async Task<(CdiSpec? Spec, IReadOnlyList<CdiProblemReport>? Problems, bool NotRead)> TryParseAsync(string file, CancellationToken cancellationToken)
    {
        if (SpecFileBounds.Problem(file) is { } problem)
        {
            return (null, [new CdiProblemReport(string.Empty, problem)], true);
        }

        try
        {
            return (await CdiSpecFile.ParseAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false), null, false);
        }
        catch (CdiSpecException ex)
        {
            return (null, ex.Problems.IsEmpty ? [new CdiProblemReport(string.Empty, Printable(ex.Message))] : [.. ex.Problems.Select(Report)], false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, [new CdiProblemReport(string.Empty, CliText.Message(ex))], true);
        }
    }

    private static void Print(CdiValidateReport report, TextWriter output, TextWriter error)
    {
        foreach (var file in report.Files)
        {
            if (file.Verdict == "valid")
            {
                output.WriteLine($"{file.File}: valid (kind {file.Kind}, cdiVersion {file.CdiVersion}, minimum {file.MinimumVersion}, {Count(file.Devices!.Count, "device")}: {string.Join(", ", file.Devices)})");
                continue;
            }

            // A file that cannot be read at all is a problem with the command line (stderr); one that decodes badly
            // or breaks a rule is a finding about its content (stdout).
            if (file.NotRead)
            {
                error.WriteLine($"{file.File}: unreadable: {file.Problems![0].Message}");
                continue;
            }

            output.WriteLine($"{file.File}: {file.Verdict} ({Count(file.Problems!.Count, "problem")})");
            foreach (var problem in file.Problems)
            {
                output.WriteLine($"  {(problem.Path.Length == 0 ? "(document)" : problem.Path)}: {problem.Message}");
            }
        }

        output.WriteLine($"{Count(report.Files.Count, "file")}: {report.Valid} valid, {report.Invalid} invalid, {report.Unreadable} unreadable");
    }

    private static CdiProblemReport Report(CdiValidationProblem problem) => new(Printable(problem.Path), Printable(problem.Message, 300));

    private static string Printable(string text, int maxLength = CliText.MaxLength) => CliText.Printable(text, maxLength);

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
