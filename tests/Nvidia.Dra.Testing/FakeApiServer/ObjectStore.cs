using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>
/// The objects of one resource, with the API server's bookkeeping: a cluster-wide resource version counter shared
/// by every store of the server (as etcd's revision is), <c>uid</c>, <c>creationTimestamp</c> and <c>generation</c>,
/// a bounded change history for watches that resume (older versions are "compacted": 410 Gone), and live watchers.
/// </summary>
internal sealed class ObjectStore(string resource, ResourceVersionClock clock, int historyLimit)
{
    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly List<WatchEvent> history = [];
    private readonly List<Channel<WatchEvent>> watchers = [];
    private long compactedThrough;

    public string Resource { get; } = resource;

    public object Gate { get; } = new();

    /// <summary>Gets the oldest resource version a watch may resume from.</summary>
    public long CompactedThrough
    {
        get
        {
            lock (Gate)
            {
                return compactedThrough;
            }
        }
    }

    public static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    public JsonObject? Get(string key)
    {
        lock (Gate)
        {
            return objects.TryGetValue(key, out var o) ? (JsonObject)o.DeepClone() : null;
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(Func<JsonObject, bool> filter)
    {
        lock (Gate)
        {
            var items = objects.Values.Where(filter).OrderBy(o => Key(o["metadata"]?["namespace"]?.GetValue<string>(), o["metadata"]!["name"]!.GetValue<string>()), StringComparer.Ordinal)
                .Select(o => (JsonObject)o.DeepClone()).ToList();
            return (items, clock.Current);
        }
    }

    /// <summary>Stores a new object; returns <see langword="null"/> when the key is taken.</summary>
    public JsonObject? Create(string key, JsonObject item, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (objects.ContainsKey(key))
            {
                return null;
            }

            var meta = Meta(item);
            meta["uid"] ??= Guid.NewGuid().ToString();
            meta["creationTimestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            meta["generation"] = 1L; // a long, as Replace reads it back with GetValue<long>()
            return Commit(key, item, "ADDED");
        }
    }

    /// <summary>Replaces an object; the caller has checked the preconditions under <see cref="Gate"/>.</summary>
    public JsonObject Replace(string key, JsonObject item, bool specChanged)
    {
        lock (Gate)
        {
            var old = Meta(objects[key]);
            var meta = Meta(item);
            meta["uid"] = old["uid"]!.DeepClone();
            meta["creationTimestamp"] = old["creationTimestamp"]?.DeepClone();
            // Values set here are CLR-typed, values parsed from a request are JSON: read both through their text.
            var generation = long.TryParse(old["generation"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : 1;
            meta["generation"] = specChanged ? generation + 1 : generation;
            return Commit(key, item, "MODIFIED");
        }
    }

    public JsonObject? Delete(string key)
    {
        lock (Gate)
        {
            if (!objects.Remove(key, out var gone))
            {
                return null;
            }

            var version = clock.Next();
            Meta(gone)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Publish(new WatchEvent(version, "DELETED", gone));
            return (JsonObject)gone.DeepClone();
        }
    }

    /// <summary>Forgets the whole change history, as etcd compaction does: watches from older versions get 410.</summary>
    public void Compact()
    {
        lock (Gate)
        {
            history.Clear();
            compactedThrough = clock.Current;
        }
    }

    /// <summary>
    /// Starts a watch: the events after <paramref name="fromVersion"/> still in the history, then live ones.
    /// Returns <see langword="null"/> when that version was compacted away.
    /// </summary>
    public (IReadOnlyList<WatchEvent> Backlog, ChannelReader<WatchEvent> Live, Action Stop)? Watch(long? fromVersion, out List<JsonObject> current, out long currentVersion)
    {
        lock (Gate)
        {
            current = [.. objects.Values.Select(o => (JsonObject)o.DeepClone())];
            currentVersion = clock.Current;
            if (fromVersion is { } from && from < compactedThrough)
            {
                return null;
            }

            var backlog = fromVersion is { } since ? history.Where(e => e.ResourceVersion > since).ToList() : [];
            var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
            watchers.Add(channel);
            return (backlog, channel.Reader, () =>
            {
                lock (Gate)
                {
                    watchers.Remove(channel);
                }

                channel.Writer.TryComplete();
            });
        }
    }

    public void CloseWatchers()
    {
        lock (Gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryComplete();
            }

            watchers.Clear();
        }
    }

    private static JsonObject Meta(JsonObject item) => item["metadata"] as JsonObject ?? throw new InvalidOperationException("object without metadata");

    private JsonObject Commit(string key, JsonObject item, string type)
    {
        var version = clock.Next();
        Meta(item)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        objects[key] = item;
        Publish(new WatchEvent(version, type, (JsonObject)item.DeepClone()));
        return (JsonObject)item.DeepClone();
    }

    private void Publish(WatchEvent change)
    {
        history.Add(change);
        if (history.Count > historyLimit)
        {
            compactedThrough = history[0].ResourceVersion;
            history.RemoveAt(0);
        }

        foreach (var watcher in watchers)
        {
            watcher.Writer.TryWrite(change with { Object = (JsonObject)change.Object.DeepClone() });
        }
    }
}
