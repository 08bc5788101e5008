namespace Nvidia.Dra.Core;

/// <summary>
/// A claim's allocation cannot be served as allocated: a configuration of the wrong type for a device, a claim
/// mixing gpu and vfio devices, a device this node does not advertise, or configurations that failed to decode.
/// It is raised before any side effect; <see cref="Errors"/> lists every problem found.
/// </summary>
public sealed class ClaimConfigException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="message">A summary naming the claim and each problem.</param>
    /// <param name="errors">Every problem found, each a typed exception.</param>
    public ClaimConfigException(string message, IReadOnlyList<NvidiaDraException> errors)
        : base(message)
    {
        Errors = errors;
    }

    /// <summary>Initialises the exception for a single problem.</summary>
    /// <param name="message">The problem, naming the request, the device and the remedy.</param>
    public ClaimConfigException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Gets every problem found in the claim; empty when the message itself is the only problem.</summary>
    public IReadOnlyList<NvidiaDraException> Errors { get; }
}
