namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>Why the server, rather than the peer, ended a connection.</summary>
internal enum Http2CloseReason
{
    None,
    HandshakeTimeout,
    IdleTimeout,
    WriteTimeout,
    Evicted,
    ServerStopping,
}
