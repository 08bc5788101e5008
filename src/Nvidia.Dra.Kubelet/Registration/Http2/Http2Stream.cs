using Nvidia.Dra.Kubelet.Registration.Grpc;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>One request/response exchange on a connection. Flow-control fields are guarded by the connection's lock.</summary>
internal sealed class Http2Stream : IDisposable
{
    private readonly MemoryStream body = new();

    public Http2Stream(int id, Http2RequestHead head, long sendWindow, int receiveWindow, CancellationToken connectionToken)
    {
        Id = id;
        Head = head;
        SendWindow = sendWindow;
        ReceiveWindow = receiveWindow;
        Cancellation = CancellationTokenSource.CreateLinkedTokenSource(connectionToken);
    }

    public int Id { get; }

    public Http2RequestHead Head { get; }

    /// <summary>Gets or sets how many DATA octets we may still send (the peer's window for this stream).</summary>
    public long SendWindow { get; set; }

    /// <summary>Gets or sets how many DATA octets the peer may still send us on this stream.</summary>
    public int ReceiveWindow { get; set; }

    /// <summary>Gets or sets whether the peer ended its side (END_STREAM received).</summary>
    public bool RequestComplete { get; set; }

    /// <summary>Gets the cancellation raised when the peer resets the stream or the connection ends.</summary>
    public CancellationTokenSource Cancellation { get; }

    /// <summary>Gets the request body received so far.</summary>
    public long BodyLength => body.Length;

    public void AppendBody(ReadOnlySpan<byte> data) => body.Write(data);

    public ReadOnlyMemory<byte> GetBody() => body.GetBuffer().AsMemory(0, (int)body.Length);

    /// <summary>Gets the message length the gRPC prefix declares, once its 5 octets have arrived.</summary>
    public uint? DeclaredMessageLength => GrpcMessageFraming.ReadDeclaredLength(body.GetBuffer().AsSpan(0, (int)Math.Min(body.Length, GrpcMessageFraming.PrefixSize)));

    /// <summary>Cancels the response; the responder may already have finished and disposed the stream.</summary>
    public void Cancel()
    {
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The response was already complete.
        }
    }

    public void Dispose()
    {
        Cancellation.Dispose();
        body.Dispose();
    }
}
