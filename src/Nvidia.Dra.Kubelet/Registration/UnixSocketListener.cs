using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Kubelet.Registration;

/// <summary>Binds a listening Unix stream socket, replacing a stale socket file left by an earlier run.</summary>
internal static class UnixSocketListener
{
    /// <exception cref="KubeletException">The directory is missing, the path is a directory, or binding fails.</exception>
    public static Socket Bind(string path, int backlog, ILogger logger)
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new KubeletException($"Directory '{directory}' of socket '{path}' does not exist; create it (kubelet's registry is usually /var/lib/kubelet/plugins_registry) or fix the path.");
        }

        if (Directory.Exists(path))
        {
            throw new KubeletException($"Socket path '{path}' is a directory; remove it or choose another path.");
        }

        if (File.Exists(path))
        {
            // A socket file outlives its process; binding over it fails with EADDRINUSE.
            File.Delete(path);
            logger.StaleSocketRemoved(path);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new KubeletException($"Cannot listen on socket '{path}': {e.Message} ({e.SocketErrorCode}). Check that the directory is writable and no other process holds the path.", e);
        }
    }

    /// <summary>Deletes the socket file; a file already gone is fine.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Removed by someone else, or the directory went away with it.
        }
        catch (UnauthorizedAccessException)
        {
            // Nothing more to do; the next start removes it as stale.
        }
    }
}
