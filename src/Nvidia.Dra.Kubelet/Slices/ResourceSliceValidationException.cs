namespace Nvidia.Dra.Kubelet;

/// <summary>
/// A pool the driver asked to publish breaks a rule the API server cannot check across slices (a device name twice,
/// a counter set twice, a device consuming a counter set the pool does not publish). Nothing of the pool was written;
/// it is not retried until the driver publishes again.
/// </summary>
public sealed class ResourceSliceValidationException : KubeletException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="poolName">The pool.</param>
    /// <param name="problem">What is wrong and with which device or counter set.</param>
    public ResourceSliceValidationException(string poolName, string problem)
        : base($"ResourceSlice pool '{poolName}' was not published: {problem}; fix the driver's pool and publish again")
    {
        PoolName = poolName;
    }

    /// <summary>Gets the pool.</summary>
    public string PoolName { get; }
}
