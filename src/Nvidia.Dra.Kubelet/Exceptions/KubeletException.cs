namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The root of every exception this package throws on purpose. Messages name the socket, the value and a remedy,
/// so that a person on call can act on the message alone.
/// </summary>
public class KubeletException : Exception
{
    /// <summary>Creates an exception with no message (serialization and tooling only).</summary>
    public KubeletException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened and what to do about it.</param>
    public KubeletException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public KubeletException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
