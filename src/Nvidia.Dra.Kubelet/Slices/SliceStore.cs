using k8s.Models;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The controller's view of its slices: what the last list and the watch since then say, overlaid with its own
/// recent writes for <see cref="ResourceSliceControllerOptions.MutationCacheTtl"/>, so a create the watch has not shown
/// yet is never made twice and a delete is never undone by a late event.
/// </summary>
internal sealed class SliceStore(TimeProvider time, TimeSpan mutationTtl)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, V1ResourceSlice> observed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (V1ResourceSlice? Slice, DateTimeOffset Expires)> mutations = new(StringComparer.Ordinal);

    public string ResourceVersion { get; private set; } = string.Empty;

    public void Replace(IEnumerable<V1ResourceSlice> slices, string resourceVersion)
    {
        lock (gate)
        {
            observed.Clear();
            foreach (var slice in slices)
            {
                observed[slice.Metadata.Name] = slice;
            }

            ResourceVersion = resourceVersion;
        }
    }

    public void Bookmark(string? resourceVersion)
    {
        lock (gate)
        {
            ResourceVersion = resourceVersion ?? ResourceVersion;
        }
    }

    /// <summary>Applies a watch event; returns whether it shows a change this controller did not make.</summary>
    public bool Apply(SliceWatchEvent change)
    {
        var slice = change.Slice!;
        var name = slice.Metadata.Name;
        lock (gate)
        {
            ResourceVersion = change.ResourceVersion ?? ResourceVersion;
            if (change.Type == "DELETED")
            {
                observed.Remove(name);
            }
            else
            {
                observed[name] = slice;
            }

            if (!mutations.TryGetValue(name, out var own))
            {
                return true;
            }

            if (own.Slice is null)
            {
                // We deleted it: a late event of an older state is no news; the deletion itself means the watch caught up.
                if (change.Type == "DELETED")
                {
                    mutations.Remove(name);
                }

                return false;
            }

            var seen = SliceWatchEvent.Version(slice.Metadata.ResourceVersion);
            var ours = SliceWatchEvent.Version(own.Slice.Metadata.ResourceVersion);
            if (seen is not null && ours is not null && seen < ours)
            {
                return false;
            }

            // The watch caught up with our write (an echo) or went past it (someone else's change): trust it from now on.
            mutations.Remove(name);
            return seen is not null && ours is not null ? seen > ours : slice.Metadata.ResourceVersion != own.Slice.Metadata.ResourceVersion;
        }
    }

    public void RecordWrite(V1ResourceSlice stored)
    {
        lock (gate)
        {
            // A busy client can see its write on the watch before the write's answer. The watch has then caught up
            // already, and a record made now would never be cleared by an echo: for its whole lifetime it would hide a
            // later deletion of the slice behind the controller's back, even from a fresh list.
            if (observed.TryGetValue(stored.Metadata.Name, out var seen) && IsNotNewer(stored, seen))
            {
                mutations.Remove(stored.Metadata.Name);
                return;
            }
        }

        Record(stored.Metadata.Name, stored);
    }

    public void RecordDelete(string name) => Record(name, null);

    /// <summary>The slices of one pool as best known now.</summary>
    public List<V1ResourceSlice> PoolSlices(string pool) => [.. Current().Where(s => s.Spec?.Pool?.Name == pool)];

    /// <summary>Every pool that has slices now.</summary>
    public HashSet<string> Pools() => [.. Current().Select(s => s.Spec?.Pool?.Name).OfType<string>()];

    private void Record(string name, V1ResourceSlice? slice)
    {
        lock (gate)
        {
            mutations[name] = (slice, time.GetUtcNow() + mutationTtl);
        }
    }

    private List<V1ResourceSlice> Current()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            foreach (var expired in mutations.Where(m => m.Value.Expires <= now).Select(m => m.Key).ToList())
            {
                mutations.Remove(expired);
            }

            var view = new Dictionary<string, V1ResourceSlice>(observed, StringComparer.Ordinal);
            foreach (var (name, (slice, _)) in mutations)
            {
                if (slice is null)
                {
                    view.Remove(name);
                }
                else if (!view.TryGetValue(name, out var seen) || IsNotNewer(seen, slice))
                {
                    view[name] = slice;
                }
            }

            return [.. view.Values.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Whether <paramref name="seen"/> is not newer than <paramref name="own"/> (resource versions are etcd revisions).</summary>
    private static bool IsNotNewer(V1ResourceSlice seen, V1ResourceSlice? own)
    {
        var a = SliceWatchEvent.Version(seen.Metadata.ResourceVersion);
        var b = SliceWatchEvent.Version(own?.Metadata.ResourceVersion);
        return a is not null && b is not null ? a <= b : own is not null && seen.Metadata.ResourceVersion == own.Metadata.ResourceVersion;
    }
}
