namespace Nvidia.Dra.Vfio;

/// <summary>
/// The holder scan could not look at the node's processes at all (the proc root does not exist or cannot be listed,
/// or the nvidia driver's procfs entries are missing for a GPU on <c>nvidia</c>). "Could not check" is never taken
/// to mean "free": the switch does not go ahead.
/// </summary>
public sealed class HolderScanUnavailableException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The proc path that could not be read.</param>
    /// <param name="reason">Why, as the OS said it.</param>
    /// <param name="device">The GPU, when known.</param>
    public HolderScanUnavailableException(string path, string reason, PciAddress? device = null)
        : base(
            $"could not check who holds {(device is null ? "the GPUs" : $"GPU {device}")}: {path} {reason}, so holders are unknown (never taken as free) and nothing was switched. " +
            "Run the plugin in the host PID namespace (hostPID: true) with the host /proc at the configured ProcRoot, as root",
            device,
            VfioStep.CheckHolders)
    {
        Path = path;
    }

    /// <summary>Gets the path that could not be read.</summary>
    public string Path { get; }
}
