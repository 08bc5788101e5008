namespace Nvidia.Dra.Core;

/// <summary>
/// The KEP-5304 device metadata for a claim cannot be produced: a claim identity (namespace, name, UID, request,
/// pod claim name) is not a valid Kubernetes name and could escape the metadata directory, or a request has no
/// device. Nothing is written.
/// </summary>
public sealed class DeviceMetadataException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="field">The offending field, for example <c>claim.namespace</c>.</param>
    /// <param name="message">The problem, naming the field, the value and the remedy.</param>
    public DeviceMetadataException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Gets the offending field.</summary>
    public string Field { get; }
}
