namespace Nvidia.Dra.Cdi;

/// <summary>A device of a CDI spec (keys <c>name</c>, <c>annotations</c>, <c>containerEdits</c>).</summary>
/// <param name="Name">The device name, unique within its spec (e.g. <c>0</c>, <c>gpu0</c>, <c>0:1</c>).</param>
/// <param name="ContainerEdits">The device's own edits; a valid device has at least one.</param>
public sealed record CdiDevice(string Name, ContainerEdits ContainerEdits)
{
    /// <summary>Gets the device annotations (CDI 0.6.0).</summary>
    public CdiAnnotations Annotations { get; init; } = CdiAnnotations.Empty;
}
