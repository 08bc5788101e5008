using Nvidia.Dra.Cdi;

namespace Nvidia.Dra.Cli.Cdi;

/// <summary>
/// The logic behind <c>nvdra cdi validate</c> and <c>nvdra cdi version</c>. A file is "unreadable" when it cannot be
/// read or decoded as a spec (I/O error, not UTF-8, YAML/JSON syntax, unknown or duplicate key, wrong value type, no
/// content: the reference library's "unparsable"); "invalid" when it decodes but breaks a validation rule.
/// </summary>
public static class CdiSpecCheck
{
    public const int Valid = 0;
    public const int Invalid = 1;
    public const int Unreadable = 2;

    /// <summary>Validates each file, printing every problem with its location; returns the worst exit code.</summary>
    public static async Task<int> ValidateAsync(IReadOnlyList<string> files, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var result = Valid;
        int valid = 0, invalid = 0, unreadable = 0;
        foreach (var file in files)
        {
            var spec = await TryParseAsync(file, output, error, cancellationToken);
            if (spec is null)
            {
                unreadable++;
                result = Unreadable;
                continue;
            }

            var problems = CdiSpecValidator.Validate(spec);
            if (problems.IsEmpty)
            {
                valid++;
                var devices = string.Join(", ", spec.Devices.Select(d => spec.Kind + "=" + d.Name));
                output.WriteLine($"{file}: valid (kind {spec.Kind}, cdiVersion {spec.Version}, minimum {CdiVersions.MinimumRequired(spec)}, {Count(spec.Devices.Count, "device")}: {devices})");
                continue;
            }

            Report(file, "invalid", problems, output);
            invalid++;
            result = Math.Max(result, Invalid);
        }

        output.WriteLine($"{Count(files.Count, "file")}: {valid} valid, {invalid} invalid, {unreadable} unreadable");
        return result;
    }

    /// <summary>Prints the minimum version the file's content requires (the file need not pass validation).</summary>
    public static async Task<int> MinimumVersionAsync(string file, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var spec = await TryParseAsync(file, error, error, cancellationToken);
        if (spec is null)
        {
            return Unreadable;
        }

        output.WriteLine(CdiVersions.MinimumRequired(spec));
        return Valid;
    }

    private static async Task<CdiSpec?> TryParseAsync(string file, TextWriter problemsOut, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await CdiSpecFile.ParseAsync(file, cancellationToken: cancellationToken);
        }
        catch (CdiSpecException ex)
        {
            Report(file, "unreadable", ex.Problems, problemsOut);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"{file}: unreadable: {ex.Message}");
            return null;
        }
    }

    private static void Report(string file, string verdict, IReadOnlyList<CdiValidationProblem> problems, TextWriter writer)
    {
        writer.WriteLine($"{file}: {verdict} ({Count(problems.Count, "problem")})");
        foreach (var problem in problems)
        {
            writer.WriteLine($"  {(problem.Path.Length == 0 ? "(document)" : problem.Path)}: {problem.Message}");
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
