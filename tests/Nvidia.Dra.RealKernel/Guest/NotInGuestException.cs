namespace Nvidia.Dra.RealKernel;

/// <summary>A write under /sys was refused because this process does not run on the harness's guest kernel.</summary>
public sealed class NotInGuestException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, naming the path and the missing marker.</param>
    public NotInGuestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NotInGuestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public NotInGuestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
