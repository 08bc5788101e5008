namespace Nvidia.Dra.Core;

/// <summary>
/// A feature-gate setting was rejected: an unknown gate name, a value that is not a boolean, or a combination of
/// gates that the driver does not support (for example <c>DeviceMetadata</c> without <c>PassthroughSupport</c>).
/// </summary>
public sealed class FeatureGateException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="message">The problem, naming the gates involved and the remedy.</param>
    public FeatureGateException(string message)
        : base(message)
    {
    }
}
