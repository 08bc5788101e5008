using Grpc.Net.Client;
using Nvidia.Dra.Kubelet.Health;

namespace Nvidia.Dra.Testing.SimulatedDriver;

/// <summary>gRPC channels over a Unix socket, as kubelet dials a plugin's sockets: the host's own health channel.</summary>
public static class UnixSocketChannel
{
    /// <summary>A channel to <paramref name="socketPath"/> with authority <c>localhost</c> (kubelet ≥ 1.34's DRA dial).</summary>
    /// <param name="socketPath">The socket.</param>
    /// <returns>The channel; dispose it.</returns>
    public static GrpcChannel Create(string socketPath) => SocketChannels.Create(socketPath);
}
