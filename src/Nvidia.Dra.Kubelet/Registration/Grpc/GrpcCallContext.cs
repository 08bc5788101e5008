namespace Nvidia.Dra.Kubelet.Registration.Grpc;

/// <summary>Where a call came from, for logs: the connection, the stream and the <c>:authority</c> the client sent.</summary>
internal readonly record struct GrpcCallContext(long ConnectionId, int StreamId, string? Authority);
