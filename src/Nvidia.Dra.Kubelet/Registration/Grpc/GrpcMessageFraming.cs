using System.Buffers.Binary;

namespace Nvidia.Dra.Kubelet.Registration.Grpc;

/// <summary>
/// gRPC's length-prefixed message (PROTOCOL-HTTP2.md): one octet compressed flag, four octets big-endian length,
/// then the message.
/// </summary>
internal static class GrpcMessageFraming
{
    public const int PrefixSize = 5;

    /// <summary>Reads the declared length from a prefix, or null while fewer than 5 octets have arrived.</summary>
    public static uint? ReadDeclaredLength(ReadOnlySpan<byte> body) =>
        body.Length < PrefixSize ? null : BinaryPrimitives.ReadUInt32BigEndian(body[1..]);

    /// <summary>Extracts the single message of a unary request body.</summary>
    /// <returns>The message, or an error result saying what is wrong with the body.</returns>
    public static (ReadOnlyMemory<byte> Message, GrpcUnaryResult? Error) ReadUnaryMessage(ReadOnlyMemory<byte> body)
    {
        var declared = ReadDeclaredLength(body.Span);
        if (declared is null)
        {
            return (default, GrpcUnaryResult.Error(GrpcStatusCode.Internal, $"request body of {body.Length} octets has no complete gRPC message prefix"));
        }

        if (body.Span[0] != 0)
        {
            return (default, GrpcUnaryResult.Error(GrpcStatusCode.Unimplemented, "compressed messages are not supported; send identity encoding"));
        }

        if (declared.Value != (uint)(body.Length - PrefixSize))
        {
            return (default, GrpcUnaryResult.Error(GrpcStatusCode.Internal, $"gRPC message declares {declared.Value} octets but the request body carries {body.Length - PrefixSize}; a unary call takes exactly one message"));
        }

        return (body[PrefixSize..], null);
    }

    /// <summary>Frames a response message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[PrefixSize + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed.AsSpan(PrefixSize));
        return framed;
    }
}
