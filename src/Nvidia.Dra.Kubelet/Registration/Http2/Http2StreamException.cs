namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>A stream error (RFC 9113 §5.4.2): the stream ends with RST_STREAM; the connection continues.</summary>
internal sealed class Http2StreamException : Exception
{
    public Http2StreamException(int streamId, Http2ErrorCode errorCode, string message)
        : base(message)
    {
        StreamId = streamId;
        ErrorCode = errorCode;
    }

    public Http2StreamException()
    {
    }

    public Http2StreamException(string message)
        : base(message)
    {
    }

    public Http2StreamException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public int StreamId { get; }

    public Http2ErrorCode ErrorCode { get; } = Http2ErrorCode.ProtocolError;
}
