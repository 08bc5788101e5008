namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>A connection error (RFC 9113 §5.4.1): the connection ends with GOAWAY carrying <see cref="ErrorCode"/>.</summary>
internal sealed class Http2ConnectionException : Exception
{
    public Http2ConnectionException(Http2ErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    public Http2ConnectionException()
    {
    }

    public Http2ConnectionException(string message)
        : base(message)
    {
    }

    public Http2ConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public Http2ErrorCode ErrorCode { get; } = Http2ErrorCode.ProtocolError;
}
