using System.Net.Sockets;
using Grpc.Net.Client;

namespace Nvidia.Dra.Testing.SimulatedDriver;

/// <summary>gRPC channels over a Unix socket, as kubelet dials a plugin's sockets.</summary>
public static class UnixSocketChannel
{
    /// <summary>A channel to <paramref name="socketPath"/> with authority <c>localhost</c> (kubelet ≥ 1.34's DRA dial).</summary>
    /// <param name="socketPath">The socket.</param>
    /// <returns>The channel; dispose it.</returns>
    public static GrpcChannel Create(string socketPath) => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        },
    });
}
