namespace Nvidia.Dra.Cdi;

/// <summary>A device name, kind or spec file name breaks the CDI naming rules or could escape its directory.</summary>
public sealed class CdiNameException : CdiException
{
    /// <summary>Creates the exception.</summary>
    public CdiNameException()
    {
        Value = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CdiNameException(string message)
        : base(message)
    {
        Value = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CdiNameException(string message, Exception innerException)
        : base(message, innerException)
    {
        Value = string.Empty;
    }

    /// <summary>Creates the exception for a rejected value.</summary>
    /// <param name="value">The rejected name.</param>
    /// <param name="message">Why it was rejected and what to use instead.</param>
    public CdiNameException(string value, string message)
        : base(message)
    {
        Value = value;
    }

    /// <summary>Gets the rejected name.</summary>
    public string Value { get; }
}
