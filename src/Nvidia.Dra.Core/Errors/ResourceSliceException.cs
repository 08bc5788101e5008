namespace Nvidia.Dra.Core;

/// <summary>
/// The node's devices cannot be advertised as built: a name, attribute or value breaks a resource.k8s.io/v1
/// rule, or an input (PCI address, node name) is malformed. Nothing is published.
/// </summary>
public sealed class ResourceSliceException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="message">The rule broken, naming the device, the field and the value.</param>
    public ResourceSliceException(string message)
        : base(message)
    {
    }
}
