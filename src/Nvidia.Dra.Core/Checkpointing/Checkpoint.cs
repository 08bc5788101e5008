using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>
/// The node's durable record of claims: written atomically before every side effect, read back after a crash.
/// Unknown fields are ignored on read and nothing is checksummed over a format-sensitive dump, so additive schema
/// changes never break an upgrade (W17).
/// </summary>
internal sealed record Checkpoint
{
    /// <summary>The schema version this code writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the schema version the file was written with.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the boot id of the node when the checkpoint was written; a different one means a reboot.</summary>
    public string BootId { get; init; } = string.Empty;

    /// <summary>Gets the claims, by UID. Required in the file: a checkpoint without it is not one of ours.</summary>
    [JsonRequired]
    public IReadOnlyDictionary<string, ClaimRecord> Claims { get; init; } = new Dictionary<string, ClaimRecord>(StringComparer.Ordinal);

    /// <summary>Returns the checkpoint with a claim added or replaced.</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>The new checkpoint.</returns>
    public Checkpoint With(ClaimRecord claim)
    {
        var claims = new Dictionary<string, ClaimRecord>(Claims, StringComparer.Ordinal) { [claim.Uid] = claim };
        return this with { Claims = claims };
    }

    /// <summary>Returns the checkpoint without a claim.</summary>
    /// <param name="uid">The claim UID.</param>
    /// <returns>The new checkpoint.</returns>
    public Checkpoint Without(string uid)
    {
        var claims = new Dictionary<string, ClaimRecord>(Claims, StringComparer.Ordinal);
        claims.Remove(uid);
        return this with { Claims = claims };
    }

    /// <summary>Finds the claim that owns a PCI address, other than <paramref name="exceptUid"/>.</summary>
    /// <param name="pciAddress">The address.</param>
    /// <param name="exceptUid">A claim to ignore.</param>
    /// <returns>The owner, or <see langword="null"/>.</returns>
    public ClaimRecord? OwnerOf(string pciAddress, string? exceptUid = null) =>
        Claims.Values.FirstOrDefault(c => !string.Equals(c.Uid, exceptUid, StringComparison.Ordinal) &&
                                          c.OwnedAddresses.Contains(pciAddress, StringComparer.Ordinal));
}
