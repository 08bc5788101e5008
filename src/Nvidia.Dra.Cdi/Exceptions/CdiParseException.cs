namespace Nvidia.Dra.Cdi;

/// <summary>
/// A CDI spec could not be decoded: it is not YAML/JSON, has an unknown or duplicate key, a value of the wrong type,
/// or no content. <see cref="CdiSpecException.Problems"/> holds the location of the offending value.
/// </summary>
public sealed class CdiParseException : CdiSpecException
{
    /// <summary>Creates the exception.</summary>
    public CdiParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CdiParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CdiParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one decoding problem.</summary>
    /// <param name="filePath">The spec file, or <see langword="null"/>.</param>
    /// <param name="problem">The problem and its location.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public CdiParseException(string? filePath, CdiValidationProblem problem, Exception? innerException = null)
        : base(filePath, [problem], innerException)
    {
    }

    /// <summary>Creates the exception for several decoding problems.</summary>
    /// <param name="filePath">The spec file, or <see langword="null"/>.</param>
    /// <param name="problems">The problems and their locations.</param>
    public CdiParseException(string? filePath, IEnumerable<CdiValidationProblem> problems)
        : base(filePath, [.. problems ?? []], innerException: null)
    {
    }
}
