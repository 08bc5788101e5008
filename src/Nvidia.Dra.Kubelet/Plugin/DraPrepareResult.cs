namespace Nvidia.Dra.Kubelet;

/// <summary>The outcome of preparing one claim: its devices, or the error kubelet reports on the pod.</summary>
public sealed record DraPrepareResult
{
    private DraPrepareResult(IReadOnlyList<DraDevice> devices, string? error)
    {
        Devices = devices;
        Error = error;
    }

    /// <summary>Gets the prepared devices; empty on error (an empty list is a valid success).</summary>
    public IReadOnlyList<DraDevice> Devices { get; }

    /// <summary>Gets the error, or <see langword="null"/> when the claim was prepared.</summary>
    public string? Error { get; }

    /// <summary>A prepared claim.</summary>
    /// <param name="devices">Its devices.</param>
    /// <returns>The result.</returns>
    public static DraPrepareResult Prepared(IReadOnlyList<DraDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return new DraPrepareResult(devices, null);
    }

    /// <summary>A claim that could not be prepared; kubelet retries it.</summary>
    /// <param name="error">What failed and what to do about it.</param>
    /// <returns>The result.</returns>
    public static DraPrepareResult Failed(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new DraPrepareResult([], error);
    }
}
