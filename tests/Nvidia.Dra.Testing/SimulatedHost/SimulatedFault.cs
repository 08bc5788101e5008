
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

    /// <summary>
    /// Bind to a VFIO driver creates the cdev in sysfs (<c>vfio-dev/vfioN/dev</c>) but not its node under
    /// <c>/dev/vfio/devices/</c>, as with a <c>/dev</c> that does not show it (only with <see cref="SimulatedVfioDev.Cdev"/>).
    /// </summary>
    CdevNodeMissing,
}
