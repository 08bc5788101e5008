namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>How far prepare got with one device; recorded before each side effect (W7).</summary>
internal enum DeviceProgress
{
    /// <summary>The prior state is recorded; nothing was changed yet.</summary>
    Recorded,

    /// <summary>Persistence mode is being, or was, turned off.</summary>
    PersistenceOff,

    /// <summary>The driver switch is running or ran (the functions may be on any driver).</summary>
    Switching,

    /// <summary>Every function of the plan is on its VFIO driver.</summary>
    Switched,
}
