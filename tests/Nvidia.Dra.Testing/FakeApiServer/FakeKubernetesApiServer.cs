using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>
/// A loopback stand-in for kube-apiserver, for tests and <c>nvdra demo</c> only (no real API server can be installed
/// on the build machines). It serves what a DRA kubelet plugin and a ResourceSlice controller call, over plain HTTP on
/// 127.0.0.1, with the API server's semantics where clients depend on them: resource versions from one server-wide
/// counter, 404 and 409 <c>Status</c> answers, optimistic concurrency on update, delete preconditions,
/// <c>generateName</c>, list and watch with field selectors, resumable watches with 410 Gone for compacted versions,
/// bookmarks, and optionally dropping the fields of a disabled feature gate. Served:
/// <list type="bullet">
/// <item><c>resource.k8s.io/v1</c> ResourceClaims: GET (seed them with <see cref="PutResourceClaim"/>).</item>
/// <item><c>resource.k8s.io/v1</c> ResourceSlices: list, watch, get, create, update, delete, delete collection.</item>
/// <item><c>v1</c> Nodes: GET (seed them with <see cref="PutNode"/>).</item>
/// </list>
/// Other API versions of <c>resource.k8s.io</c> answer 404, as a server without them does.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private const string ResourcePrefix = "/apis/resource.k8s.io/v1/";
    private static readonly HashSet<string> SliceFields = new(StringComparer.Ordinal) { "metadata.name", "spec.driver", "spec.nodeName", "spec.pool.name" };
    private static readonly HashSet<string> ClaimFields = new(StringComparer.Ordinal) { "metadata.name", "metadata.namespace" };
    private readonly WebApplication app;
    private readonly FakeApiServerOptions options;
    private readonly ResourceVersionClock clock = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly CancellationTokenSource stopping = new();

    private FakeKubernetesApiServer(WebApplication app, FakeApiServerOptions options)
    {
        this.app = app;
        this.options = options;
        Claims = new ObjectStore("resourceclaims", clock, options.HistoryLimit);
        Slices = new ObjectStore("resourceslices", clock, options.HistoryLimit);
        Nodes = new ObjectStore("nodes", clock, options.HistoryLimit);
    }

    /// <summary>Gets the base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets every request served so far, as <c>METHOD path?query</c>, oldest first.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>Gets the ResourceSlices stored now, sorted by name.</summary>
    public IReadOnlyList<JsonObject> ResourceSlices => Slices.List(_ => true).Items;

    /// <summary>Gets the current server-wide resource version.</summary>
    public long ResourceVersion => clock.Current;

    private ObjectStore Claims { get; }

    private ObjectStore Slices { get; }

    private ObjectStore Nodes { get; }

    /// <summary>Starts a server on an ephemeral loopback port.</summary>
    /// <param name="options">The behaviour; defaults when omitted.</param>
    /// <param name="cancellationToken">Ends start-up.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<FakeKubernetesApiServer> StartAsync(FakeApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The empty builder: no configuration files, so no recursive watcher over the working directory.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app, options ?? new FakeApiServerOptions());
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Writes a kubeconfig that points at this server (plain HTTP; a bearer token the fake does not check).</summary>
    /// <param name="path">The file to write.</param>
    /// <returns><paramref name="path"/>.</returns>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{BaseAddress.ToString().TrimEnd('/')}}
            users:
            - name: fake
              user:
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake

            """);
        return path;
    }

    /// <summary>Stores (creates or replaces) a <c>resource.k8s.io/v1</c> ResourceClaim, as the scheduler leaves it allocated.</summary>
    /// <param name="claim">The claim; <c>metadata.namespace</c> and <c>metadata.name</c> are required, a missing <c>uid</c> is assigned.</param>
    /// <returns>The stored claim, with its resource version.</returns>
    public JsonObject PutResourceClaim(JsonObject claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var copy = (JsonObject)claim.DeepClone();
        copy["apiVersion"] = "resource.k8s.io/v1";
        copy["kind"] = "ResourceClaim";
        var meta = copy["metadata"] as JsonObject ?? throw new ArgumentException("the claim has no metadata", nameof(claim));
        var key = ObjectStore.Key(meta["namespace"]?.GetValue<string>() ?? throw new ArgumentException("the claim has no namespace", nameof(claim)), meta["name"]?.GetValue<string>() ?? throw new ArgumentException("the claim has no name", nameof(claim)));
        lock (Claims.Gate)
        {
            return Claims.Get(key) is null ? Claims.Create(key, copy, DateTimeOffset.UnixEpoch)! : Claims.Replace(key, copy, specChanged: false);
        }
    }

    /// <summary>Deletes a ResourceClaim; later GETs answer 404.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>Whether it existed.</returns>
    public bool DeleteResourceClaim(string ns, string name) => Claims.Delete(ObjectStore.Key(ns, name)) is not null;

    /// <summary>Stores a Node.</summary>
    /// <param name="name">The node name.</param>
    /// <param name="uid">The UID; a new one when omitted.</param>
    /// <returns>The stored node.</returns>
    public JsonObject PutNode(string name, string? uid = null)
    {
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["uid"] = uid ?? Guid.NewGuid().ToString() },
        };
        return Nodes.Create(name, node, DateTimeOffset.UnixEpoch) ?? Nodes.Get(name)!;
    }

    /// <summary>Forgets the ResourceSlice change history: a watch resuming from an older version gets 410 Gone.</summary>
    public void CompactResourceSlices() => Slices.Compact();

    /// <summary>Ends every open watch, as an API server restart or a load balancer timeout does.</summary>
    public void CloseWatches() => Slices.CloseWatchers();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        Slices.CloseWatchers();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var path = request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            if (path.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                var rest = segments[3..];
                if (rest is ["resourceslices"])
                {
                    await SliceCollectionAsync(context).ConfigureAwait(false);
                    return;
                }

                if (rest is ["resourceslices", var sliceName])
                {
                    await SliceItemAsync(context, sliceName).ConfigureAwait(false);
                    return;
                }

                if (rest is ["namespaces", var ns, "resourceclaims", var claimName] && HttpMethods.IsGet(request.Method))
                {
                    var claim = Claims.Get(ObjectStore.Key(ns, claimName));
                    await WriteAsync(context, claim is null ? 404 : 200, claim ?? ApiStatus.NotFound("resourceclaims", claimName)).ConfigureAwait(false);
                    return;
                }

                if (rest is ["namespaces", var listNs, "resourceclaims"] && HttpMethods.IsGet(request.Method))
                {
                    var selector = FieldSelector.Parse(request.Query["fieldSelector"], ClaimFields, out var error);
                    if (error is not null)
                    {
                        await WriteAsync(context, 400, ApiStatus.BadRequest(error)).ConfigureAwait(false);
                        return;
                    }

                    var (items, version) = Claims.List(c => c["metadata"]?["namespace"]?.GetValue<string>() == listNs && selector.Matches(c));
                    await WriteAsync(context, 200, ListOf("ResourceClaimList", "resource.k8s.io/v1", items, version)).ConfigureAwait(false);
                    return;
                }
            }
            else if (segments is ["api", "v1", "nodes", var nodeName] && HttpMethods.IsGet(request.Method))
            {
                var node = Nodes.Get(nodeName);
                await WriteAsync(context, node is null ? 404 : 200, node ?? ApiStatus.NotFound("nodes", nodeName, string.Empty)).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, 404, ApiStatus.Failure(404, "NotFound", "the server could not find the requested resource")).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            await WriteAsync(context, 400, ApiStatus.BadRequest($"the body is not valid JSON: {ex.Message}")).ConfigureAwait(false);
        }
    }

    private async Task SliceCollectionAsync(HttpContext context)
    {
        var request = context.Request;
        var selector = FieldSelector.Parse(request.Query["fieldSelector"], SliceFields, out var error);
        if (error is not null)
        {
            await WriteAsync(context, 400, ApiStatus.BadRequest(error)).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            if (IsTrue(request.Query["watch"]))
            {
                await WatchSlicesAsync(context, selector).ConfigureAwait(false);
                return;
            }

            var (items, version) = Slices.List(selector.Matches);
            await WriteAsync(context, 200, ListOf("ResourceSliceList", "resource.k8s.io/v1", items, version)).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            var slice = await ReadObjectAsync(context).ConfigureAwait(false);
            await CreateSliceAsync(context, slice).ConfigureAwait(false);
        }
        else if (HttpMethods.IsDelete(request.Method))
        {
            var deleted = new List<JsonObject>();
            foreach (var slice in Slices.List(selector.Matches).Items)
            {
                if (Slices.Delete(NameOf(slice)) is { } gone)
                {
                    deleted.Add(gone);
                }
            }

            await WriteAsync(context, 200, ListOf("ResourceSliceList", "resource.k8s.io/v1", deleted, clock.Current)).ConfigureAwait(false);
        }
        else
        {
            await WriteAsync(context, 405, ApiStatus.Failure(405, "MethodNotAllowed", $"{request.Method} is not supported on resourceslices")).ConfigureAwait(false);
        }
    }

    private async Task CreateSliceAsync(HttpContext context, JsonObject slice)
    {
        var meta = slice["metadata"] as JsonObject;
        if (meta is null)
        {
            slice["metadata"] = meta = [];
        }

        var name = meta["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            var prefix = meta["generateName"]?.GetValue<string>();
            if (string.IsNullOrEmpty(prefix))
            {
                await WriteAsync(context, 422, ApiStatus.Invalid("resourceslices", string.Empty, "metadata.name: Required value: name or generateName is required")).ConfigureAwait(false);
                return;
            }

            // Like the API server: the prefix is cut so that the name stays within 253 characters, then 5 random characters.
            name = prefix[..Math.Min(prefix.Length, 248)] + RandomSuffix();
            meta["name"] = name;
        }

        if (ValidateSlice(slice, name) is { } invalid)
        {
            await WriteAsync(context, 422, ApiStatus.Invalid("resourceslices", name, invalid)).ConfigureAwait(false);
            return;
        }

        slice["apiVersion"] = "resource.k8s.io/v1";
        slice["kind"] = "ResourceSlice";
        meta.Remove("resourceVersion");
        meta.Remove("uid");
        if (options.DropPartitionableDevicesFields)
        {
            GatedFields.DropPartitionableDevices(slice);
        }

        var created = Slices.Create(name, slice, DateTimeOffset.UnixEpoch);
        await WriteAsync(context, created is null ? 409 : 201, created ?? ApiStatus.AlreadyExists("resourceslices", name)).ConfigureAwait(false);
    }

    private async Task SliceItemAsync(HttpContext context, string name)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            var slice = Slices.Get(name);
            await WriteAsync(context, slice is null ? 404 : 200, slice ?? ApiStatus.NotFound("resourceslices", name)).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPut(request.Method))
        {
            var update = await ReadObjectAsync(context).ConfigureAwait(false);
            var (status, body) = UpdateSlice(name, update);
            await WriteAsync(context, status, body).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? await ReadObjectAsync(context).ConfigureAwait(false) : null;
            var (status, answer) = DeleteSlice(name, body?["preconditions"] as JsonObject);
            await WriteAsync(context, status, answer).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 405, ApiStatus.Failure(405, "MethodNotAllowed", $"{request.Method} is not supported on a resourceslice")).ConfigureAwait(false);
    }

    private (int Status, JsonObject Body) UpdateSlice(string name, JsonObject update)
    {
        lock (Slices.Gate)
        {
            var current = Slices.Get(name);
            if (current is null)
            {
                return (404, ApiStatus.NotFound("resourceslices", name));
            }

            var meta = update["metadata"] as JsonObject;
            if (meta?["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
            {
                return (400, ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})"));
            }

            var expected = meta?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(expected) && expected != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return (409, ApiStatus.Conflict("resourceslices", name, "the object has been modified; please apply your changes to the latest version and try again"));
            }

            foreach (var immutable in new[] { "spec.driver", "spec.nodeName", "spec.pool.name" })
            {
                if (FieldSelector.Read(update, immutable) != FieldSelector.Read(current, immutable))
                {
                    return (422, ApiStatus.Invalid("resourceslices", name, $"{immutable}: Invalid value: field is immutable"));
                }
            }

            if (ValidateSlice(update, name) is { } invalid)
            {
                return (422, ApiStatus.Invalid("resourceslices", name, invalid));
            }

            update["apiVersion"] = "resource.k8s.io/v1";
            update["kind"] = "ResourceSlice";
            update["metadata"] ??= new JsonObject();
            update["metadata"]!["name"] = name;
            if (options.DropPartitionableDevicesFields)
            {
                GatedFields.DropPartitionableDevices(update);
            }

            var specChanged = !JsonNode.DeepEquals(update["spec"], current["spec"]);
            return (200, Slices.Replace(name, update, specChanged));
        }
    }

    private (int Status, JsonObject Body) DeleteSlice(string name, JsonObject? preconditions)
    {
        lock (Slices.Gate)
        {
            var current = Slices.Get(name);
            if (current is null)
            {
                return (404, ApiStatus.NotFound("resourceslices", name));
            }

            var uid = preconditions?["uid"]?.GetValue<string>();
            if (uid is not null && uid != current["metadata"]!["uid"]!.GetValue<string>())
            {
                return (409, ApiStatus.Conflict("resourceslices", name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current["metadata"]!["uid"]}"));
            }

            var version = preconditions?["resourceVersion"]?.GetValue<string>();
            if (version is not null && version != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return (409, ApiStatus.Conflict("resourceslices", name, $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {current["metadata"]!["resourceVersion"]}"));
            }

            return (200, Slices.Delete(name)!);
        }
    }

    private async Task WatchSlicesAsync(HttpContext context, FieldSelector selector)
    {
        var query = context.Request.Query;
        long? from = long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : null;
        var initialEvents = from is null || IsTrue(query["sendInitialEvents"]);
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        var watch = Slices.Watch(from, out var current, out var currentVersion);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (watch is null)
        {
            // A real API server answers a watch from a compacted version with 200 and one ERROR event carrying 410.
            await WriteEventAsync(context, "ERROR", ApiStatus.Gone($"too old resource version: {from} ({Slices.CompactedThrough})")).ConfigureAwait(false);
            return;
        }

        var (backlog, live, stop) = watch.Value;
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token, timer.Token);
        try
        {
            var sentThrough = from ?? currentVersion;
            if (initialEvents && from is null)
            {
                foreach (var item in current.Where(selector.Matches).OrderBy(NameOf, StringComparer.Ordinal))
                {
                    await WriteEventAsync(context, "ADDED", item).ConfigureAwait(false);
                }
            }

            foreach (var change in backlog.Where(e => selector.Matches(e.Object)))
            {
                await WriteEventAsync(context, change.Type, change.Object).ConfigureAwait(false);
            }

            sentThrough = Math.Max(sentThrough, backlog.Count > 0 ? backlog[^1].ResourceVersion : sentThrough);
            if (bookmarks && IsTrue(query["sendInitialEvents"]))
            {
                await WriteEventAsync(context, "BOOKMARK", Bookmark(sentThrough, initialEventsEnd: true)).ConfigureAwait(false);
            }

            await foreach (var change in live.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                if (change.ResourceVersion <= sentThrough)
                {
                    continue;
                }

                sentThrough = change.ResourceVersion;
                if (selector.Matches(change.Object))
                {
                    await WriteEventAsync(context, change.Type, change.Object).ConfigureAwait(false);
                }
                else if (bookmarks)
                {
                    await WriteEventAsync(context, "BOOKMARK", Bookmark(change.ResourceVersion, initialEventsEnd: false)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Client gone, server stopping, or timeoutSeconds: the watch just ends, as on a real server.
        }
        finally
        {
            stop();
        }
    }

    private static JsonObject Bookmark(long version, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["apiVersion"] = "resource.k8s.io/v1", ["kind"] = "ResourceSlice", ["metadata"] = meta };
    }

    private static string? ValidateSlice(JsonObject slice, string name)
    {
        if (name.Length > 253 || !KubernetesNamePattern.IsDnsSubdomain(name))
        {
            return $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'";
        }

        if (slice["spec"] is not JsonObject spec)
        {
            return "spec: Required value";
        }

        if (string.IsNullOrEmpty(FieldSelector.Read(slice, "spec.driver")))
        {
            return "spec.driver: Required value";
        }

        if (string.IsNullOrEmpty(FieldSelector.Read(slice, "spec.pool.name")))
        {
            return "spec.pool.name: Required value";
        }

        if (spec["devices"] is JsonArray { Count: > 128 } devices)
        {
            return $"spec.devices: Too many: {devices.Count}: must have at most 128 items";
        }

        return null;
    }

    private static JsonObject ListOf(string kind, string apiVersion, List<JsonObject> items, long version) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = apiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray([.. items]),
    };

    private static string NameOf(JsonObject item) => item["metadata"]!["name"]!.GetValue<string>();

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    private static string RandomSuffix()
    {
        // The API server's alphabet for generated names (no vowels, no look-alike characters).
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
            }
        });
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        return node as JsonObject ?? throw new System.Text.Json.JsonException("expected a JSON object");
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject item)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString() + "\n";
        await context.Response.WriteAsync(line, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
