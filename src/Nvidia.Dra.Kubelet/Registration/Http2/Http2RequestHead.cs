using Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// The request pseudo-headers and the few regular headers the gRPC layer needs, validated as RFC 9113 §8.3 asks.
/// <c>:authority</c> is accepted whatever it holds: kubelet sends the socket path there, percent-encoded or raw.
/// </summary>
internal sealed record Http2RequestHead(string Method, string Path, string? Authority, string? ContentType)
{
    private static readonly string[] ConnectionSpecific = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"];

    /// <summary>Validates a decoded header list.</summary>
    /// <exception cref="Http2StreamException">The request is malformed (PROTOCOL_ERROR on the stream).</exception>
    public static Http2RequestHead Parse(int streamId, List<HeaderField> headers)
    {
        string? method = null, path = null, scheme = null, authority = null, contentType = null;
        var regularSeen = false;
        foreach (var (name, value) in headers)
        {
            if (name.Length == 0)
            {
                throw Malformed(streamId, "empty header name");
            }

            if (name[0] == ':')
            {
                if (regularSeen)
                {
                    throw Malformed(streamId, $"pseudo-header {name} after a regular header");
                }

                switch (name)
                {
                    case ":method": method = Once(streamId, name, method, value); break;
                    case ":path": path = Once(streamId, name, path, value); break;
                    case ":scheme": scheme = Once(streamId, name, scheme, value); break;
                    case ":authority": authority = Once(streamId, name, authority, value); break;
                    default: throw Malformed(streamId, $"unknown request pseudo-header {name}");
                }

                continue;
            }

            regularSeen = true;
            if (name.Any(char.IsAsciiLetterUpper))
            {
                throw Malformed(streamId, $"header name {name} has upper-case letters");
            }

            if (ConnectionSpecific.Contains(name, StringComparer.Ordinal) || (name == "te" && value != "trailers"))
            {
                throw Malformed(streamId, $"connection-specific header {name}");
            }

            if (name == "content-type")
            {
                contentType = value;
            }
        }

        if (method is null || scheme is null || string.IsNullOrEmpty(path))
        {
            throw Malformed(streamId, "missing :method, :scheme or :path");
        }

        return new Http2RequestHead(method, path, authority, contentType);
    }

    private static string Once(int streamId, string name, string? existing, string value) =>
        existing is null ? value : throw Malformed(streamId, $"duplicate {name}");

    private static Http2StreamException Malformed(int streamId, string reason) =>
        new(streamId, Http2ErrorCode.ProtocolError, $"Malformed request on stream {streamId}: {reason}.");
}
