using Nvidia.Dra.Cdi;

namespace Nvidia.Dra.Cli.Cdi;

/// <summary>The logic behind <c>nvdra cdi validate</c> and <c>nvdra cdi version</c>.</summary>
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
            try
            {
                var spec = await TryParseAsync(file, error, cancellationToken);
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
                    output.WriteLine($"{file}: valid (kind {spec.Kind}, cdiVersion {spec.Version}, minimum {CdiVersions.MinimumRequired(spec)}, {spec.Devices.Count} device{(spec.Devices.Count == 1 ? string.Empty : "s")}: {string.Join(", ", spec.Devices.Select(d => spec.Kind + "=" + d.Name))})");
                    continue;
                }

                Report(file, problems, output);
            }
            catch (CdiSpecException ex)
            {
                Report(file, ex.Problems, output);
            }

            invalid++;
            result = Math.Max(result, Invalid);
        }

        output.WriteLine($"{files.Count} file{(files.Count == 1 ? string.Empty : "s")}: {valid} valid, {invalid} invalid, {unreadable} unreadable");
        return result;
    }

    /// <summary>Prints the minimum version the file's content requires (the file need not be valid otherwise).</summary>
    public static async Task<int> MinimumVersionAsync(string file, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            var spec = await TryParseAsync(file, error, cancellationToken);
            if (spec is null)
            {
                return Unreadable;
            }

            output.WriteLine(CdiVersions.MinimumRequired(spec));
            return Valid;
        }
        catch (CdiSpecException ex)
        {
            Report(file, ex.Problems, error);
            return Invalid;
        }
    }

    private static void Report(string file, IReadOnlyList<CdiValidationProblem> problems, TextWriter writer)
    {
        writer.WriteLine($"{file}: invalid ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")})");
        foreach (var problem in problems)
        {
            writer.WriteLine($"  {(problem.Path.Length == 0 ? "(document)" : problem.Path)}: {problem.Message}");
        }
    }

    // Parse errors throw CdiSpecException; only a file that cannot be read at all gives null.
    private static async Task<CdiSpec?> TryParseAsync(string file, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await CdiSpecFile.ParseAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"{file}: unreadable: {ex.Message}");
            return null;
        }
    }
}
