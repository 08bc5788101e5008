using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi;

/// <summary>A CDI spec is invalid: it names the file (when there is one) and lists every problem found.</summary>
public class CdiSpecException : CdiException
{
    /// <summary>Creates the exception.</summary>
    public CdiSpecException()
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CdiSpecException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CdiSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates the exception for a spec with validation problems.</summary>
    /// <param name="filePath">The spec file, or <see langword="null"/> for a spec in memory.</param>
    /// <param name="problems">Every problem found.</param>
    public CdiSpecException(string? filePath, IEnumerable<CdiValidationProblem> problems)
        : this(filePath, [.. problems ?? []], innerException: null)
    {
    }

    /// <summary>Creates the exception for a spec with problems and a cause.</summary>
    /// <param name="filePath">The spec file, or <see langword="null"/>.</param>
    /// <param name="problems">Every problem found.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    protected CdiSpecException(string? filePath, ImmutableArray<CdiValidationProblem> problems, Exception? innerException)
        : base(Describe(filePath, problems), innerException!)
    {
        FilePath = filePath;
        Problems = problems;
    }

    /// <summary>Gets the spec file, or <see langword="null"/> for a spec in memory.</summary>
    public string? FilePath { get; }

    /// <summary>Gets every problem found, each with its location in the spec.</summary>
    public ImmutableArray<CdiValidationProblem> Problems { get; }

    private static string Describe(string? filePath, ImmutableArray<CdiValidationProblem> problems)
    {
        var subject = filePath is null ? "CDI spec" : $"CDI spec \"{filePath}\"";
        var count = problems.Length == 1 ? "1 problem" : $"{problems.Length} problems";
        return $"{subject} is invalid ({count}); fix the listed fields and write it again: "
            + string.Join("; ", problems.Select(p => p.ToString()));
    }
}
