namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// Limits of the registration HTTP/2 server. kubelet opens one short-lived connection per call, so the limits are
/// small: they bound what a misbehaving local client can make the driver hold, not kubelet's traffic.
/// </summary>
internal sealed record Http2ServerOptions
{
    /// <summary>Gets the most connections held at once; past it, the longest-idle connection is closed to make room.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Gets SETTINGS_MAX_CONCURRENT_STREAMS: streams beyond it are refused (REFUSED_STREAM).</summary>
    public int MaxConcurrentStreams { get; init; } = 16;

    /// <summary>Gets the largest request message accepted, as gRPC's default (4 MiB); larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Gets SETTINGS_MAX_FRAME_SIZE (the protocol's initial value; larger frames are FRAME_SIZE_ERROR).</summary>
    public int MaxFrameSize { get; init; } = 16_384;

    /// <summary>Gets SETTINGS_MAX_HEADER_LIST_SIZE: the decoded header list a request may carry.</summary>
    public int MaxHeaderListSize { get; init; } = 16 * 1024;

    /// <summary>Gets the most octets of one encoded header block (HEADERS plus CONTINUATIONs) buffered before ENHANCE_YOUR_CALM.</summary>
    public int MaxHeaderBlockSize { get; init; } = 64 * 1024;

    /// <summary>Gets the HPACK dynamic table size (the protocol's initial SETTINGS_HEADER_TABLE_SIZE).</summary>
    public int HeaderTableSize { get; init; } = 4096;

    /// <summary>Gets how long a new connection may take to send the preface and its SETTINGS.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long a connection may stay silent before it is closed with GOAWAY.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets how long one write may block on a peer that does not read before the connection is aborted.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
