namespace Nvidia.Dra.Kubelet;

/// <summary>A ResourceClaim as kubelet names it: namespace, name and UID.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
/// <param name="Uid">The UID (a claim deleted and recreated under the same name has another).</param>
public sealed record DraClaimReference(string Namespace, string Name, string Uid)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}/{Name} ({Uid})";
}
