using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// Owns a driver's ResourceSlices for one node on the API server, as the Go library's <c>resourceslice.Controller</c>
/// does: the driver hands it the desired pools (<see cref="Publish"/>, any time, never blocking or throwing for the API
/// server's sake), and it lists and watches its own slices, creates, updates and deletes them per pool, bumps the pool
/// generation when slices change together, retries with per-pool exponential backoff under an overall rate limit, and
/// reports dropped fields. Knows nothing of any vendor's devices.
/// </summary>
public sealed class ResourceSliceController : IAsyncDisposable
{
    private readonly ResourceSliceControllerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SliceApi api;
    private readonly SliceStore store;
    private readonly RetryPolicy retry;
    private readonly SliceMetrics metrics;
    private readonly Lock gate = new();
    private readonly Dictionary<string, PoolState> pools = new(StringComparer.Ordinal);
    private readonly List<DroppedFieldsReport> dropped = [];
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task running = Task.CompletedTask;
    private string? nodeUid;
    private bool listed;
    private bool published;
    private string? lastError;
    private long syncs;
    private long failures;
    private int disposed;

    /// <summary>Creates the controller; <see cref="StartAsync"/> starts it.</summary>
    /// <param name="client">The API client (in a pod: <c>KubernetesClientConfiguration.InClusterConfig()</c>).</param>
    /// <param name="options">Driver and node names, delays and limits.</param>
    /// <param name="timeProvider">Time for delays and backoff; <see cref="TimeProvider.System"/> when omitted.</param>
    /// <param name="logger">The logger; optional.</param>
    /// <param name="meterFactory">Creates the <c>Nvidia.Dra.Kubelet</c> meter; optional.</param>
    /// <exception cref="KubeletException">The driver or node name is empty.</exception>
    public ResourceSliceController(
        Kubernetes client,
        IOptions<ResourceSliceControllerOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<ResourceSliceController>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        if (string.IsNullOrEmpty(this.options.DriverName) || string.IsNullOrEmpty(this.options.NodeName))
        {
            throw new KubeletException($"ResourceSliceControllerOptions needs DriverName and NodeName (got '{this.options.DriverName}', '{this.options.NodeName}'): set the driver name and the node name (NODE_NAME from the downward API)");
        }

        time = timeProvider ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        api = new SliceApi(client, this.options.DriverName, this.options.NodeName);
        store = new SliceStore(time, this.options.MutationCacheTtl);
        retry = new RetryPolicy(this.options, time);
        metrics = new SliceMetrics(meterFactory);
    }

    /// <summary>
    /// Raised once per pool when the API server stored one of its slices without fields it was sent (a feature gate
    /// is off), so the driver can publish differently (for example without shared counters). Raised on the
    /// controller's sync loop: a handler must return quickly; calling <see cref="Publish"/> from it is fine.
    /// </summary>
    public event EventHandler<DroppedFieldsReport>? FieldsDropped;

    /// <summary>Gets where publication stands now.</summary>
    public SlicePublicationStatus Status
    {
        get
        {
            lock (gate)
            {
                var pending = pools.Where(p => p.Value.Pending).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
                var started = nodeUid is not null && listed;
                var invalid = pools.Values.Any(p => p.Invalid);
                return new SlicePublicationStatus(started, started && published && pending.Count == 0 && !invalid, pending, lastError, [.. dropped], syncs, failures);
            }
        }
    }

    /// <summary>Starts the background work: the Node's UID, list and watch, and pool syncs. Returns at once.</summary>
    /// <param name="cancellationToken">Unused beyond the call; stop with <see cref="DisposeAsync"/>.</param>
    /// <returns>A completed task.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (running.IsCompleted)
            {
                running = Task.WhenAll(Guard(WatchLoopAsync, stopping.Token), Guard(SyncLoopAsync, stopping.Token));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets the desired pools (all of them: a pool left out is deleted). Returns at once; the slices converge in the
    /// background, and a failure shows in <see cref="Status"/>, the log and the metrics, never here.
    /// </summary>
    /// <param name="desired">Pool name → pool.</param>
    public void Publish(IReadOnlyDictionary<string, DesiredPool> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var now = time.GetUtcNow();
        lock (gate)
        {
            published = true;
            foreach (var name in pools.Keys.Concat(desired.Keys).Distinct(StringComparer.Ordinal).ToList())
            {
                var state = State(name);
                state.Desired = desired.GetValueOrDefault(name);
                state.Invalid = false;
                state.Due = now;
                state.Version++;
            }
        }

        wake.Release();
    }

    /// <summary>Waits until <see cref="SlicePublicationStatus.Converged"/> (for start-up readiness and tests).</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when converged.</returns>
    public async Task WaitForConvergenceAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var next = Volatile.Read(ref changed).Task;
            if (Status.Converged)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the background work. Slices stay; kubelet removes them when the plugin is gone for good.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
        wake.Dispose();
    }

    private static Task Guard(Func<CancellationToken, Task> loop, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            await loop(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whatever the cancelled call threw (an aborted stream, a cancelled delay) is expected.
        }
    });

    private PoolState State(string name)
    {
        if (!pools.TryGetValue(name, out var state))
        {
            pools[name] = state = new PoolState();
        }

        return state;
    }

    private void Notify() => Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <param name="names">The pools.</param>
    /// <param name="delay">When to sync them.</param>
    /// <param name="required">Whether the pools are not converged until then (after a list), or only checked again
    /// (after a watch event that may be the echo of our own write, which can arrive before the write's answer).</param>
    private void Schedule(IEnumerable<string> names, TimeSpan delay, bool required)
    {
        var due = time.GetUtcNow() + delay;
        lock (gate)
        {
            foreach (var name in names)
            {
                var state = State(name);
                if (state.Due is null || state.Due > due)
                {
                    state.Due = due;
                }

                if (required)
                {
                    state.Version++;
                }
            }
        }

        wake.Release();
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (nodeUid is null && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                var uid = await api.GetNodeUidAsync(cancellationToken).ConfigureAwait(false);
                lock (gate)
                {
                    nodeUid = uid;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = retry.Backoff(++attempt);
                logger.OwnerLookupFailed(SliceLog.FirstOfStreak(ex, attempt), options.NodeName, SliceLog.Describe(ex), delay);
                RecordError(ex);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }

        attempt = 0;
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    var list = await api.ListAsync(cancellationToken).ConfigureAwait(false);
                    store.Replace(list.Items ?? [], list.Metadata?.ResourceVersion ?? string.Empty);
                    if (!listed)
                    {
                        logger.ControllerStarted(options.DriverName, options.NodeName, nodeUid!, list.Items?.Count ?? 0);
                    }

                    lock (gate)
                    {
                        listed = true;
                    }

                    // After a (re)list anything may have changed: check every pool now (no writes when nothing did).
                    Schedule(store.Pools().Concat(KnownPools()), TimeSpan.Zero, required: true);
                    needList = false;
                }

                // A failed watch resumes from the last resource version after the backoff, as client-go's reflector
                // does; only an expired version (410 Gone) needs a new list.
                var reason = await WatchUntilExpiredAsync(() => attempt = 0, cancellationToken).ConfigureAwait(false);
                needList = true;
                metrics.WatchRestarts.Add(1);
                logger.WatchRestarted(store.ResourceVersion, reason);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = retry.Backoff(++attempt);
                logger.WatchFailed(SliceLog.FirstOfStreak(ex, attempt), SliceLog.Describe(ex), delay);
                RecordError(ex);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Watches, resuming after a normal end, until the server says the version expired.</summary>
    private async Task<string> WatchUntilExpiredAsync(Action connected, CancellationToken cancellationToken)
    {
        while (true)
        {
            await foreach (var change in api.WatchAsync(store.ResourceVersion, options.WatchTimeout, cancellationToken).ConfigureAwait(false))
            {
                connected();
                switch (change.Type)
                {
                    case "ERROR" when change.ErrorCode == 410:
                        return "410 Gone: " + change.ErrorMessage;
                    case "ERROR":
                        throw new KubeletException($"the ResourceSlice watch answered an error ({change.ErrorCode}): {change.ErrorMessage}");
                    case "BOOKMARK":
                        store.Bookmark(change.ResourceVersion);
                        break;
                    default:
                        if (change.Slice?.Metadata?.Name is not null && store.Apply(change) && change.Slice.Spec?.Pool?.Name is { } pool)
                        {
                            // Someone else changed our slice: put it right after the usual delay.
                            Schedule([pool], options.SyncDelay, required: false);
                        }

                        break;
                }
            }
        }
    }

    private List<string> KnownPools()
    {
        lock (gate)
        {
            return [.. pools.Keys];
        }
    }

    private async Task SyncLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan? next = null;
            var due = new List<(string Name, PoolState State)>();
            lock (gate)
            {
                var now = time.GetUtcNow();
                if (published && listed && nodeUid is not null)
                {
                    foreach (var (name, state) in pools)
                    {
                        if (state.Due is { } at && at <= now)
                        {
                            due.Add((name, state));
                        }
                        else if (state.Due is { } later && (next is null || later - now < next))
                        {
                            next = later - now;
                        }
                    }
                }
            }

            foreach (var (name, state) in due)
            {
                await SyncOneAsync(name, state, cancellationToken).ConfigureAwait(false);
            }

            Notify();
            if (due.Count == 0)
            {
                await WaitAsync(next, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitAsync(TimeSpan? delay, CancellationToken cancellationToken)
    {
        // Whichever comes first: a wake-up, the delay (on the TimeProvider, so tests can advance it) or the stop. The
        // delay and the stop complete a task source, and the wait that lost is abandoned by cancelling it unobserved:
        // a cancelled Task.Delay awaited here threw an exception on every publication.
        var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = delay is { } d
            ? time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), elapsed, d < TimeSpan.Zero ? TimeSpan.Zero : d, Timeout.InfiniteTimeSpan)
            : null;
        using var stop = cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), elapsed);
        using var abandon = new CancellationTokenSource();
        var woken = wake.WaitAsync(abandon.Token);
        await Task.WhenAny(woken, elapsed.Task).ConfigureAwait(false);
        await abandon.CancelAsync().ConfigureAwait(false);
        if (woken.IsCompletedSuccessfully)
        {
            // Drain extra wake-ups; one pass handles them all.
            while (wake.Wait(0))
            {
            }
        }
    }

    private async Task SyncOneAsync(string name, PoolState state, CancellationToken cancellationToken)
    {
        var wait = retry.Take();
        if (wait > TimeSpan.Zero)
        {
            lock (gate)
            {
                state.Due = time.GetUtcNow() + wait;
            }

            return;
        }

        DesiredPool? desired;
        long version;
        lock (gate)
        {
            state.Due = null;
            desired = state.Desired;
            version = state.Version;
        }

        try
        {
            await new PoolSync(this, name, desired, state).RunAsync(cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                state.Failures = 0;
                state.SyncedVersion = Math.Max(state.SyncedVersion, version);
                syncs++;
                lastError = pools.Values.Any(p => p.Failures > 0) ? lastError : null;
            }

            metrics.Syncs.Add(1, new KeyValuePair<string, object?>("result", "ok"));
        }
        catch (ResourceSliceValidationException ex)
        {
            // The driver's pool is wrong: retrying cannot help until it publishes again.
            lock (gate)
            {
                state.Invalid = true;
                lastError = ex.Message;
            }

            metrics.Syncs.Add(1, new KeyValuePair<string, object?>("result", "invalid"));
            logger.PoolInvalid(ex.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            int attempt;
            lock (gate)
            {
                attempt = ++state.Failures;
                failures++;
                delay = retry.Backoff(attempt);
                state.Due = time.GetUtcNow() + delay;
            }

            RecordError(ex);
            metrics.Syncs.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            logger.PoolSyncFailed(SliceLog.FirstOfStreak(ex, attempt), name, attempt, SliceLog.Describe(ex), delay);
        }
    }

    private void RecordError(Exception ex)
    {
        lock (gate)
        {
            lastError = ex.Message;
        }
    }

    private static string SpecJson(V1ResourceSliceSpec spec) => JsonSerializer.Serialize(spec, SourceGenerationContext.Default.V1ResourceSliceSpec);

    /// <summary>A pool's bookkeeping.</summary>
    private sealed class PoolState
    {
        public DesiredPool? Desired { get; set; }

        public DateTimeOffset? Due { get; set; }

        public int Failures { get; set; }

        public bool Invalid { get; set; }

        /// <summary>Gets or sets the count of changes that need a sync: a publish, or a list that may show anything.</summary>
        public long Version { get; set; }

        /// <summary>Gets or sets the <see cref="Version"/> the last successful sync started from.</summary>
        public long SyncedVersion { get; set; }

        /// <summary>
        /// Gets a value indicating whether the pool waits for a sync it needs or for a retry. A re-check scheduled by a
        /// watch event alone does not count: the event is usually the echo of our own write.
        /// </summary>
        public bool Pending => Version != SyncedVersion || Failures > 0;

        public bool DroppedReported { get; set; }

        /// <summary>Per slice name: the spec sent and the spec the server stored instead (dropped fields).</summary>
        public Dictionary<string, (string Sent, string Stored)> Accepted { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One reconciliation of one pool: delete obsolete, update changed, create missing (in that order).</summary>
    private sealed class PoolSync(ResourceSliceController owner, string pool, DesiredPool? desired, PoolState state)
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            List<V1ResourceSliceSpec> specs = desired is null ? [] : SliceLayout.Split(pool, desired);
            var existing = owner.store.PoolSlices(pool);
            var matched = new Dictionary<int, V1ResourceSlice>();
            var obsolete = new List<V1ResourceSlice>();
            foreach (var slice in existing)
            {
                if (SliceNames.IndexOf(slice.Metadata.Name) is { } index && index < specs.Count && matched.TryAdd(index, slice))
                {
                    continue;
                }

                obsolete.Add(slice);
            }

            // Keep the generation when at most one slice changes and none is created; otherwise bump it, so the
            // scheduler never mixes slices of two states of the pool. A higher generation from the driver wins.
            var stored = existing.Select(s => s.Spec.Pool.Generation).DefaultIfEmpty(0).Max();
            var changedCount = matched.Count(m => !Same(m.Value, Desired(m.Key, specs, m.Value.Spec.Pool.Generation)));
            var creates = specs.Count - matched.Count;
            var generation = creates > 0 || changedCount > 1 || (obsolete.Count > 0 && matched.Count > 0) ? stored + 1 : Math.Max(stored, 0);
            generation = Math.Max(generation, desired?.Generation ?? 0);
            var (created, updated) = (0, 0);
            foreach (var slice in obsolete)
            {
                await owner.api.DeleteAsync(slice, cancellationToken).ConfigureAwait(false);
                owner.store.RecordDelete(slice.Metadata.Name);
                owner.metrics.Writes.Add(1, new KeyValuePair<string, object?>("operation", "delete"));
            }

            foreach (var (index, slice) in matched.OrderBy(m => m.Key))
            {
                var spec = Desired(index, specs, generation);
                if (Same(slice, spec))
                {
                    continue;
                }

                var body = Slice(slice.Metadata.Name, null, spec, slice.Metadata.ResourceVersion);
                var result = await owner.api.ReplaceAsync(body, cancellationToken).ConfigureAwait(false);
                Stored(body, result);
                updated++;
                owner.metrics.Writes.Add(1, new KeyValuePair<string, object?>("operation", "update"));
            }

            for (var index = 0; index < specs.Count; index++)
            {
                if (matched.ContainsKey(index))
                {
                    continue;
                }

                var body = Slice(null, SliceNames.GenerateName(index, specs.Count, owner.options.DriverName, owner.options.NodeName), Desired(index, specs, generation), null);
                var result = await owner.api.CreateAsync(body, cancellationToken).ConfigureAwait(false);
                Stored(body, result);
                created++;
                owner.metrics.Writes.Add(1, new KeyValuePair<string, object?>("operation", "create"));
            }

            if (created + updated + obsolete.Count > 0)
            {
                owner.logger.PoolSynced(pool, generation, created, updated, obsolete.Count);
            }
        }

        private V1ResourceSliceSpec Desired(int index, List<V1ResourceSliceSpec> specs, long generation) => new()
        {
            Driver = owner.options.DriverName,
            NodeName = owner.options.NodeName,
            Pool = new V1ResourcePool { Name = pool, Generation = generation, ResourceSliceCount = specs.Count },
            Devices = specs[index].Devices,
            SharedCounters = specs[index].SharedCounters,
        };

        private bool Same(V1ResourceSlice stored, V1ResourceSliceSpec desired)
        {
            var want = SpecJson(desired);
            var have = SpecJson(stored.Spec);
            return want == have ||
                   (state.Accepted.TryGetValue(stored.Metadata.Name, out var accepted) && accepted.Sent == want && accepted.Stored == have);
        }

        private V1ResourceSlice Slice(string? name, string? generateName, V1ResourceSliceSpec spec, string? resourceVersion) => new()
        {
            ApiVersion = "resource.k8s.io/v1",
            Kind = "ResourceSlice",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                GenerateName = generateName,
                ResourceVersion = resourceVersion,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = owner.options.NodeName, Uid = owner.nodeUid!, Controller = true }],
            },
            Spec = spec,
        };

        /// <summary>Records our write, and what the server left out of it.</summary>
        private void Stored(V1ResourceSlice sent, V1ResourceSlice result)
        {
            owner.store.RecordWrite(result);
            var sentJson = SpecJson(sent.Spec);
            var storedJson = SpecJson(result.Spec);
            if (sentJson == storedJson)
            {
                return;
            }

            var missing = Missing(JsonNode.Parse(sentJson), JsonNode.Parse(storedJson), string.Empty);
            if (missing.Count == 0)
            {
                return;
            }

            // As upstream: accept what was stored for this content, so the controller does not loop on updates.
            state.Accepted[result.Metadata.Name] = (sentJson, storedJson);
            owner.metrics.DroppedFields.Add(1);
            lock (owner.gate)
            {
                owner.dropped.RemoveAll(d => d.SliceName == result.Metadata.Name);
                owner.dropped.Add(new DroppedFieldsReport(pool, result.Metadata.Name, missing));
            }

            if (!state.DroppedReported)
            {
                state.DroppedReported = true;
                owner.logger.FieldsDropped(result.Metadata.Name, pool, string.Join(", ", missing));
                owner.FieldsDropped?.Invoke(owner, new DroppedFieldsReport(pool, result.Metadata.Name, missing));
            }
        }

        private static List<string> Missing(JsonNode? sent, JsonNode? stored, string path)
        {
            var missing = new List<string>();
            if (sent is JsonObject sentObject)
            {
                foreach (var (key, value) in sentObject)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (stored is not JsonObject storedObject || !storedObject.TryGetPropertyValue(key, out var storedValue))
                    {
                        missing.Add(child);
                    }
                    else
                    {
                        missing.AddRange(Missing(value, storedValue, child));
                    }
                }
            }
            else if (sent is JsonArray sentArray && stored is JsonArray storedArray)
            {
                for (var i = 0; i < Math.Min(sentArray.Count, storedArray.Count); i++)
                {
                    missing.AddRange(Missing(sentArray[i], storedArray[i], $"{path}[{i}]"));
                }
            }

            return missing;
        }
    }
}
