namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>How far prepare got with one device; recorded durably before the device's first side effect (W7).</summary>
internal enum DeviceProgress
{
    /// <summary>The prior state is recorded; nothing was changed on this device.</summary>
    Recorded,

    /// <summary>
    /// Persistence may be off and the driver switch may have begun or finished: release restores both. Recorded
    /// before the switch writes nvidia's <c>unbindLock</c>, so it also says the lock may have been taken: release
    /// gives it back while the GPU is still on nvidia with the lock taken.
    /// </summary>
    Switching,
}
