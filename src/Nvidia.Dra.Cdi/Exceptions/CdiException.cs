namespace Nvidia.Dra.Cdi;

/// <summary>The base of every error raised by Nvidia.Dra.Cdi.</summary>
public class CdiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CdiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public CdiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public CdiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
