
namespace Nvidia.Dra.Testing;

/// <summary>What the simulated kernel does wrong on purpose.</summary>
public enum SimulatedFault
{
    /// <summary>Unbind fails with EBUSY.</summary>
    BusyUnbind,

    /// <summary>Bind fails: the driver's probe returns an error.</summary>
    BindFailure,

    /// <summary>Bind succeeds after a delay.</summary>
    SlowBind,

    /// <summary>The nvidia driver refuses unbindLock (reads back 0).</summary>
    UnbindLockDenied,
}
