using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The controller's calls, through the official client (KubernetesClient.Aot). The AOT build has no watch helpers, so
/// the watch is one <c>watch=true</c> GET through the client's own handler pipeline (TLS client certificates, the
/// host's delegating handlers) and credentials, read line by line.
/// </summary>
internal sealed class SliceApi(Kubernetes client, string driver, string node)
{
    private const string SlicesPath = "apis/resource.k8s.io/v1/resourceslices";

    private string FieldSelector => $"spec.driver={driver},spec.nodeName={node}";

    public static bool IsNotFound(Exception ex) => ex is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    public async Task<string> GetNodeUidAsync(CancellationToken cancellationToken)
    {
        var found = await client.CoreV1.ReadNodeAsync(node, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.Metadata?.Uid is { Length: > 0 } uid
            ? uid
            : throw new KubeletException($"Node '{node}' has no metadata.uid; check that the node name is this node's");
    }

    public Task<V1ResourceSliceList> ListAsync(CancellationToken cancellationToken) =>
        client.ResourceV1.ListResourceSliceAsync(fieldSelector: FieldSelector, cancellationToken: cancellationToken);

    public Task<V1ResourceSlice> CreateAsync(V1ResourceSlice slice, CancellationToken cancellationToken) =>
        client.ResourceV1.CreateResourceSliceAsync(slice, cancellationToken: cancellationToken);

    public Task<V1ResourceSlice> ReplaceAsync(V1ResourceSlice slice, CancellationToken cancellationToken) =>
        client.ResourceV1.ReplaceResourceSliceAsync(slice, slice.Metadata.Name, cancellationToken: cancellationToken);

    public async Task DeleteAsync(V1ResourceSlice slice, CancellationToken cancellationToken)
    {
        var preconditions = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = slice.Metadata.Uid, ResourceVersion = slice.Metadata.ResourceVersion } };
        try
        {
            await client.ResourceV1.DeleteResourceSliceAsync(slice.Metadata.Name, preconditions, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (IsNotFound(ex))
        {
            // Already gone: what we wanted.
        }
    }

    /// <summary>Watches from <paramref name="resourceVersion"/>; ends when the server ends the stream.</summary>
    public async IAsyncEnumerable<SliceWatchEvent> WatchAsync(string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"?fieldSelector={Uri.EscapeDataString(FieldSelector)}&watch=true&allowWatchBookmarks=true" +
                    $"&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={(int)timeout.TotalSeconds}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, SlicesPath + query));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"watch of ResourceSlices answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return Parse(line);
            }
        }
    }

    private static SliceWatchEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var type = document.RootElement.GetProperty("type").GetString() ?? string.Empty;
        var item = document.RootElement.GetProperty("object");
        if (type == "ERROR")
        {
            var code = item.TryGetProperty("code", out var c) && c.TryGetInt32(out var value) ? value : 0;
            var message = item.TryGetProperty("message", out var m) ? m.GetString() : null;
            return new SliceWatchEvent(type, null, code, message);
        }

        return new SliceWatchEvent(type, item.Deserialize(SourceGenerationContext.Default.V1ResourceSlice), 0, null);
    }
}
