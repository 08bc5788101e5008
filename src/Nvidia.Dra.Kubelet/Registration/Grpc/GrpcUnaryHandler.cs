namespace Nvidia.Dra.Kubelet.Registration.Grpc;

/// <summary>Handles one unary call: the request message (without its 5-octet prefix) in, the result out.</summary>
internal delegate ValueTask<GrpcUnaryResult> GrpcUnaryHandler(ReadOnlyMemory<byte> request, GrpcCallContext context, CancellationToken cancellationToken);
