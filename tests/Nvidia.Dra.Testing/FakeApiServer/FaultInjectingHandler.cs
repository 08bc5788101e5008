using System.Collections.Concurrent;
using System.Net;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>
/// Sits in the KubernetesClient's HTTP pipeline in front of the fake API server and injects what a real cluster does
/// to clients: an unreachable server, 5xx answers and conflicts. Records every request it sees, with the time.
/// </summary>
public sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<(HttpMethod Method, HttpStatusCode Status)> planned = new();

    /// <summary>Gets or sets a value indicating whether every request fails as if the server were unreachable.</summary>
    public bool Down { get; set; }

    /// <summary>
    /// Gets or sets how long an answer to a write (POST, PUT, DELETE) is held back after the server sent it, so that the
    /// watch shows the write before the writer learns its result, as happens on a busy client.
    /// </summary>
    public TimeSpan WriteAnswerDelay { get; set; }

    /// <summary>Gets every request seen: when, <c>METHOD path?query</c>, and the status (0 when it never reached the server).</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Request, int Status)> Seen { get; } = new();

    /// <summary>Answers the next request with this method with <paramref name="status"/> instead of passing it on.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="status">The status to answer.</param>
    public void FailNext(HttpMethod method, HttpStatusCode status) => planned.Enqueue((method, status));

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var line = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        if (Down)
        {
            Seen.Enqueue((DateTimeOffset.UtcNow, line, 0));
            throw new HttpRequestException("Connection refused (simulated API server outage)");
        }

        if (planned.TryPeek(out var fault) && fault.Method == request.Method && planned.TryDequeue(out fault))
        {
            Seen.Enqueue((DateTimeOffset.UtcNow, line, (int)fault.Status));
            return new HttpResponseMessage(fault.Status)
            {
                RequestMessage = request,
                Content = new StringContent($$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected","code":{{(int)fault.Status}}}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (WriteAnswerDelay > TimeSpan.Zero && request.Method != HttpMethod.Get)
        {
            await Task.Delay(WriteAnswerDelay, cancellationToken).ConfigureAwait(false);
        }

        Seen.Enqueue((DateTimeOffset.UtcNow, line, (int)response.StatusCode));
        return response;
    }
}
