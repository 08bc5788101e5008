namespace Nvidia.Dra.Vfio;

/// <summary>The nvidia driver refused its unbindLock: clients still use the GPU.</summary>
public sealed class UnbindLockDeniedException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The GPU.</param>
    /// <param name="attempts">How many times the lock was requested.</param>
    /// <param name="lastValue">The last value read back.</param>
    public UnbindLockDeniedException(PciAddress device, int attempts, string lastValue)
        : base(
            $"GPU {device}: the nvidia driver refused unbindLock {attempts} times (last read back '{lastValue}'; 1 means granted). Clients still use the GPU: stop them (nvdra holders) and retry.",
            device,
            VfioStep.UnbindLock)
    {
        Attempts = attempts;
    }

    /// <summary>Gets the number of attempts.</summary>
    public int Attempts { get; }
}
