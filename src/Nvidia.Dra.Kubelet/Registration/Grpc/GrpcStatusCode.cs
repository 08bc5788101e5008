namespace Nvidia.Dra.Kubelet.Registration.Grpc;

/// <summary>The gRPC status codes this server answers with (grpc/grpc doc/statuscodes.md).</summary>
internal enum GrpcStatusCode
{
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    ResourceExhausted = 8,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
}
