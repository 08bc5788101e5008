using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Nvidia.Dra.Kubelet.Registration.Grpc;
using Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

namespace Nvidia.Dra.Kubelet.Registration.Http2;

/// <summary>
/// The response side: dispatch to the gRPC method, then HEADERS, DATA within the peer's flow-control windows and
/// frame size, and trailers with <c>grpc-status</c>.
/// </summary>
internal sealed partial class Http2Connection
{
    private const string GrpcContentType = "application/grpc";

    private void StartResponse(Http2Stream stream, GrpcUnaryResult? earlyResult)
    {
        var task = Task.Run(() => RespondAsync(stream, earlyResult));
        lock (responses)
        {
            responses.Add(task);
        }

        _ = task.ContinueWith(
            static (finished, state) =>
            {
                var set = (HashSet<Task>)state!;
                lock (set)
                {
                    set.Remove(finished);
                }
            },
            responses,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RespondAsync(Http2Stream stream, GrpcUnaryResult? earlyResult)
    {
        var token = stream.Cancellation.Token;
        try
        {
            var head = stream.Head;
            if (head.Method != "POST")
            {
                await WriteHttpStatusAsync(stream.Id, 405, token).ConfigureAwait(false);
                return;
            }

            if (head.ContentType is null || !head.ContentType.StartsWith(GrpcContentType, StringComparison.Ordinal))
            {
                await WriteHttpStatusAsync(stream.Id, 415, token).ConfigureAwait(false);
                return;
            }

            var result = earlyResult ?? await InvokeAsync(stream, token).ConfigureAwait(false);
            if (result.Status == GrpcStatusCode.Unimplemented && earlyResult is null && !methods.ContainsKey(head.Path))
            {
                logger.UnknownMethod(Id, stream.Id, head.Path);
            }
            else if (result.Status != GrpcStatusCode.Ok)
            {
                logger.CallFailed(Id, stream.Id, head.Path, (int)result.Status, result.Message);
            }

            await WriteGrpcResponseAsync(stream, result, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The peer reset the stream, or the connection ended: nobody is waiting for the answer.
        }
        finally
        {
            RemoveStream(stream.Id);
            stream.Dispose();
        }
    }

    private async ValueTask<GrpcUnaryResult> InvokeAsync(Http2Stream stream, CancellationToken cancellationToken)
    {
        if (!methods.TryGetValue(stream.Head.Path, out var handler))
        {
            return GrpcUnaryResult.Error(GrpcStatusCode.Unimplemented, $"unknown method {stream.Head.Path}");
        }

        var (message, error) = GrpcMessageFraming.ReadUnaryMessage(stream.GetBody());
        if (error is { } framingError)
        {
            return framingError;
        }

        var context = new GrpcCallContext(Id, stream.Id, stream.Head.Authority);
        try
        {
            return await handler(message, context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing handler answers INTERNAL; it must not end the connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return GrpcUnaryResult.Error(GrpcStatusCode.Internal, e.Message);
        }
    }

    private async ValueTask WriteHttpStatusAsync(int streamId, int status, CancellationToken cancellationToken)
    {
        var block = new ArrayBufferWriter<byte>(32);
        HpackEncoder.WriteStatus(block, status);
        await writer!.WriteHeadersAsync(streamId, block.WrittenMemory, endStream: true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteGrpcResponseAsync(Http2Stream stream, GrpcUnaryResult result, CancellationToken cancellationToken)
    {
        var headers = new ArrayBufferWriter<byte>(128);
        HpackEncoder.WriteStatus(headers, 200);
        HpackEncoder.WriteLiteral(headers, "content-type", GrpcContentType);
        if (result.Status != GrpcStatusCode.Ok)
        {
            // Trailers-only response: status and trailers in one HEADERS frame that ends the stream.
            WriteStatusTrailers(headers, result);
            await writer!.WriteHeadersAsync(stream.Id, headers.WrittenMemory, endStream: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        HpackEncoder.WriteLiteral(headers, "grpc-accept-encoding", "identity");
        await writer!.WriteHeadersAsync(stream.Id, headers.WrittenMemory, endStream: false, cancellationToken).ConfigureAwait(false);

        ReadOnlyMemory<byte> data = GrpcMessageFraming.Frame(result.Response.Span);
        while (!data.IsEmpty)
        {
            var granted = await TakeSendWindowAsync(stream, data.Length, cancellationToken).ConfigureAwait(false);
            await writer.WriteDataAsync(stream.Id, data[..granted], endStream: false, cancellationToken).ConfigureAwait(false);
            data = data[granted..];
        }

        var trailers = new ArrayBufferWriter<byte>(64);
        WriteStatusTrailers(trailers, result);
        await writer.WriteHeadersAsync(stream.Id, trailers.WrittenMemory, endStream: true, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteStatusTrailers(ArrayBufferWriter<byte> block, GrpcUnaryResult result)
    {
        HpackEncoder.WriteLiteral(block, "grpc-status", ((int)result.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(result.Message))
        {
            HpackEncoder.WriteLiteral(block, "grpc-message", PercentEncode(result.Message));
        }
    }

    /// <summary>Waits until both the connection's and the stream's send windows allow some DATA, and takes it.</summary>
    /// <returns>How many octets may be sent now (at most the peer's frame size).</returns>
    private async ValueTask<int> TakeSendWindowAsync(Http2Stream stream, int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (flowLock)
            {
                var available = Math.Min(connectionSendWindow, stream.SendWindow);
                if (available > 0)
                {
                    var granted = (int)Math.Min(Math.Min(available, wanted), writer!.PeerMaxFrameSize);
                    connectionSendWindow -= granted;
                    stream.SendWindow -= granted;
                    return granted;
                }

                changed = windowChanged.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Percent-encodes a <c>grpc-message</c> (gRPC PROTOCOL-HTTP2.md): UTF-8, with octets outside printable ASCII and
    /// '%' itself written as %XX. Long messages are cut so that the trailers stay small.
    /// </summary>
    internal static string PercentEncode(string message)
    {
        const int MaxLength = 1024;
        var builder = new StringBuilder(Math.Min(message.Length, MaxLength) + 16);
        foreach (var octet in Encoding.UTF8.GetBytes(message.Length > MaxLength ? message[..MaxLength] : message))
        {
            if (octet is >= 0x20 and <= 0x7e && octet != (byte)'%')
            {
                builder.Append((char)octet);
            }
            else
            {
                builder.Append('%').Append(octet.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
