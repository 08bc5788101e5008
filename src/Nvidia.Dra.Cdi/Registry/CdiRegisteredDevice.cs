namespace Nvidia.Dra.Cdi;

/// <summary>A device that a loaded spec defines and that no conflict removed.</summary>
/// <param name="QualifiedName">Its name, <c>vendor/class=name</c>.</param>
/// <param name="Device">The device.</param>
/// <param name="Spec">The spec that defines it.</param>
public sealed record CdiRegisteredDevice(string QualifiedName, CdiDevice Device, CdiRegisteredSpec Spec)
{
    /// <summary>Gets the spec-level edits followed by the device's own edits.</summary>
    public ContainerEdits MergedContainerEdits => Spec.Spec.ContainerEdits.Append(Device.ContainerEdits);
}
