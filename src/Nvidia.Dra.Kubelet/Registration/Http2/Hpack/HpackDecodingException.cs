namespace Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

/// <summary>A header block could not be decoded; the connection must end with COMPRESSION_ERROR (RFC 9113 §4.3).</summary>
internal sealed class HpackDecodingException : Exception
{
    public HpackDecodingException(string message)
        : base(message)
    {
    }

    public HpackDecodingException()
    {
    }

    public HpackDecodingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
