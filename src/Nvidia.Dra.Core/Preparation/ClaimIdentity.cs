using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Naming;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// A claim's validated identity. The UID ends up in file names (CDI specs, metadata specs) and the name and
/// namespace in directory names, so each is checked before anything is written: a hostile claim (<c>../x</c>, a
/// path separator, an overlong value) is rejected with the field, the value and the remedy.
/// </summary>
/// <param name="Uid">The UID: letters, digits and '-', at most 64 characters.</param>
/// <param name="Name">The name: a DNS subdomain.</param>
/// <param name="Namespace">The namespace: a DNS label.</param>
internal sealed record ClaimIdentity(string Uid, string Name, string Namespace)
{
    /// <summary>The longest UID accepted (Kubernetes UIDs are 36-character UUIDs).</summary>
    public const int MaxUidLength = 64;

    /// <summary>Gets the claim as <c>namespace/name (uid)</c>, for messages.</summary>
    public string Description => $"{Namespace}/{Name} ({Uid})";

    /// <summary>Validates a claim's identity.</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ClaimConfigException">A field is missing or unsafe; nothing was written.</exception>
    public static ClaimIdentity From(ResourceClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return From(claim.Metadata?.Namespace, claim.Metadata?.Name, claim.Metadata?.Uid);
    }

    /// <summary>Validates a claim reference.</summary>
    /// <param name="claimNamespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="uid">The UID.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ClaimConfigException">A field is missing or unsafe; nothing was written.</exception>
    public static ClaimIdentity From(string? claimNamespace, string? name, string? uid)
    {
        if (!IsUid(uid))
        {
            throw new ClaimConfigException(
                $"claim {claimNamespace}/{name}: metadata.uid '{Shorten(uid)}' is not a Kubernetes UID (letters, digits and '-', 1 to {MaxUidLength} characters); " +
                "it would become part of CDI file names, so nothing was written. Pass the claim's real UID from the API server");
        }

        if (!KubernetesNames.IsDnsLabel(claimNamespace))
        {
            throw new ClaimConfigException(
                $"claim {uid}: metadata.namespace '{Shorten(claimNamespace)}' is not a DNS label; nothing was written. Pass the claim's real namespace");
        }

        if (!KubernetesNames.IsDnsSubdomain(name))
        {
            throw new ClaimConfigException(
                $"claim {uid}: metadata.name '{Shorten(name)}' is not a DNS subdomain; nothing was written. Pass the claim's real name");
        }

        return new ClaimIdentity(uid!, name!, claimNamespace!);
    }

    private static bool IsUid(string? uid) =>
        uid is { Length: > 0 and <= MaxUidLength } && uid.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string Shorten(string? value) =>
        value is null ? "(none)" : value.Length > 80 ? value[..80] + "…" : value;
}
