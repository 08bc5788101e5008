namespace Nvidia.Dra.Cdi;

/// <summary>A mount to add to the container (keys <c>hostPath</c>, <c>containerPath</c>, <c>options</c>, <c>type</c>).</summary>
/// <param name="HostPath">The source on the host.</param>
/// <param name="ContainerPath">The destination inside the container.</param>
public sealed record Mount(string HostPath, string ContainerPath)
{
    /// <summary>Gets the mount options, e.g. <c>ro</c>, <c>nosuid</c>, <c>bind</c>.</summary>
    public EquatableArray<string> Options { get; init; }

    /// <summary>Gets the mount type (CDI 0.4.0); empty when unset.</summary>
    public string Type { get; init; } = string.Empty;
}
