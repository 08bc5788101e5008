using System.Text;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// A Unix socket path does not fit in <c>sockaddr_un.sun_path</c> (108 bytes including the terminating NUL on Linux),
/// so it cannot be bound.
/// </summary>
public sealed class SocketPathTooLongException : KubeletException
{
    /// <summary>The longest socket path, in UTF-8 bytes, that Linux can bind (108 bytes less the terminating NUL).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>Creates the exception for a path.</summary>
    /// <param name="socketPath">The path that does not fit.</param>
    public SocketPathTooLongException(string socketPath)
        : base(FormatMessage(socketPath))
    {
        SocketPath = socketPath;
    }

    /// <summary>Creates an exception with no message (serialization and tooling only).</summary>
    public SocketPathTooLongException()
    {
        SocketPath = string.Empty;
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public SocketPathTooLongException(string message, Exception? innerException)
        : base(message, innerException)
    {
        SocketPath = string.Empty;
    }

    /// <summary>Gets the path that does not fit.</summary>
    public string SocketPath { get; }

    /// <summary>Throws when <paramref name="socketPath"/> is longer than <see cref="MaxPathBytes"/> UTF-8 bytes.</summary>
    internal static void ThrowIfTooLong(string socketPath)
    {
        if (Encoding.UTF8.GetByteCount(socketPath) > MaxPathBytes)
        {
            throw new SocketPathTooLongException(socketPath);
        }
    }

    private static string FormatMessage(string socketPath) =>
        $"Socket path '{socketPath}' is {Encoding.UTF8.GetByteCount(socketPath)} bytes long; Unix sockets allow at most " +
        $"{MaxPathBytes} bytes (sun_path is 108 bytes with its NUL). Use a shorter directory or driver name.";
}
