namespace Nvidia.Dra.Core;

/// <summary>
/// Opaque device-configuration parameters (<c>resource.nvidia.com/v1beta1</c>) were rejected: not a JSON object,
/// too large, malformed, an unknown or duplicate field, an unknown kind or apiVersion, or a value that fails
/// validation. <see cref="Field"/> names the offending field as a JSON path.
/// </summary>
public sealed class OpaqueConfigException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="field">The JSON path of the offending field (<c>$</c> for the whole object).</param>
    /// <param name="message">The problem, naming the field, the value and the remedy.</param>
    /// <param name="innerException">The parser error, when there is one.</param>
    public OpaqueConfigException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>Gets the JSON path of the offending field, for example <c>$.iommu.backendPolicy</c>.</summary>
    public string Field { get; }
}
