namespace Nvidia.Dra.Kubelet.Registration.Grpc;

/// <summary>The outcome of a unary call: a serialized response message, or a status with a message.</summary>
internal readonly record struct GrpcUnaryResult(GrpcStatusCode Status, string? Message, ReadOnlyMemory<byte> Response)
{
    public static GrpcUnaryResult Ok(ReadOnlyMemory<byte> response) => new(GrpcStatusCode.Ok, null, response);

    public static GrpcUnaryResult Error(GrpcStatusCode status, string message) => new(status, message, ReadOnlyMemory<byte>.Empty);
}
