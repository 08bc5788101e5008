namespace Nvidia.Dra.Core;

/// <summary>A claim as kubelet names it in NodeUnprepareResources.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
/// <param name="Uid">The UID.</param>
public sealed record ClaimReference(string Namespace, string Name, string Uid);
