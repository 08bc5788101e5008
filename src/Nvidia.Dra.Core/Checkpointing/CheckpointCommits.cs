using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Locking;

namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>
/// The only place the node lock is held: a read-modify-write commit of the checkpoint, with the slice rebuild after a
/// claim's final state. It is short — no holder wait, no sysfs write — so claims on other GPUs never queue behind a
/// busy one. Read-modify-write under the lock means concurrent claims never lose each other's records, in this
/// process or another plugin instance. A plain read needs no lock: every write replaces the file by a rename, so a
/// read sees one whole checkpoint, and what a read decides is checked again by the commit it leads to.
/// </summary>
internal sealed class CheckpointCommits(NvidiaDraOptions options, NodeLock nodeLock, CheckpointStore store, PoolPublisher publisher)
{
    /// <summary>Reads the checkpoint as it is now, without the node lock (see the class remarks).</summary>
    /// <returns>The checkpoint now.</returns>
    public Checkpoint Read() => store.Load();

    /// <summary>Applies a change to the checkpoint now and writes it durably.</summary>
    /// <param name="change">The change, applied to the checkpoint as it is under the lock.</param>
    /// <param name="republish">Whether to rebuild the slices after (a claim's final state).</param>
    /// <param name="cancellationToken">Ends the wait for the lock.</param>
    /// <returns>The checkpoint written.</returns>
    public async Task<Checkpoint> CommitAsync(Func<Checkpoint, Checkpoint> change, bool republish, CancellationToken cancellationToken) =>
        (await CommitIfAsync(change, republish, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Applies a change to the checkpoint now and writes it durably, unless the change, seeing the checkpoint as it is
    /// under the lock, returns <see langword="null"/>: then nothing is written. A check and the commit it decides on
    /// take one node-lock hold and one read instead of two.
    /// </summary>
    /// <param name="change">The change, or <see langword="null"/> for none.</param>
    /// <param name="republish">Whether to rebuild the slices after (a claim's final state).</param>
    /// <param name="cancellationToken">Ends the wait for the lock.</param>
    /// <returns>The checkpoint written, or <see langword="null"/> when the change made none.</returns>
    public async Task<Checkpoint?> CommitIfAsync(Func<Checkpoint, Checkpoint?> change, bool republish, CancellationToken cancellationToken)
    {
        using var held = await nodeLock.AcquireAsync(options.NodeLockTimeout, cancellationToken).ConfigureAwait(false);
        var before = store.Load();
        if (change(before) is not { } next)
        {
            return null;
        }

        store.Save(next);
        if (republish)
        {
            // Only the changed claims' GPUs are re-read; the rest of the publication is reused (full rebuilds
            // happen at start-up and on GetResourceSlices).
            publisher.TryRefresh(() => PreparedAddresses(next), ChangedAddresses(before, next));
        }

        return next;
    }

    /// <summary>
    /// Rebuilds the slices from the checkpoint as it is now, logging instead of failing. No node lock: the publisher
    /// reads the checkpoint under its own lock (writes are atomic renames), so this rebuild cannot be published after
    /// one from a newer checkpoint, and a busy node lock cannot fail the change that asked for it (W16).
    /// </summary>
    public void Rebuild() => publisher.TryRebuild(() => PreparedAddresses(Read()));

    /// <summary>Gets every PCI address of a claim that was added, removed or replaced between two checkpoints.</summary>
    /// <param name="before">The checkpoint before the change.</param>
    /// <param name="after">The checkpoint after it.</param>
    /// <returns>The addresses.</returns>
    public static HashSet<string> ChangedAddresses(Checkpoint before, Checkpoint after)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (uid, claim) in before.Claims)
        {
            if (!after.Claims.TryGetValue(uid, out var now) || !ReferenceEquals(now, claim))
            {
                AddAll(changed, claim);
            }
        }

        foreach (var (uid, claim) in after.Claims)
        {
            if (!before.Claims.TryGetValue(uid, out var then) || !ReferenceEquals(then, claim))
            {
                AddAll(changed, claim);
            }
        }

        return changed;
    }

    /// <summary>Gets every PCI address a recorded claim owns.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The addresses.</returns>
    public static HashSet<string> PreparedAddresses(Checkpoint checkpoint) =>
        checkpoint.Claims.Values.SelectMany(c => c.Devices.Select(d => d.PciAddress)).ToHashSet(StringComparer.Ordinal);

    private static void AddAll(HashSet<string> set, ClaimRecord claim)
    {
        foreach (var device in claim.Devices)
        {
            set.Add(device.PciAddress);
            set.UnionWith(device.OwnedAddresses);
        }
    }
}
