namespace Nvidia.Dra.Vfio;

/// <summary>The step of discovery or of the driver switch at which something happened; named in exceptions and logs.</summary>
public enum VfioStep
{
    /// <summary>Reading sysfs, procfs or the module tables.</summary>
    Discover,

    /// <summary>Building or checking the passthrough plan (IOMMU group, SR-IOV, drivers).</summary>
    Plan,

    /// <summary>Loading the VFIO module or resolving its driver directory.</summary>
    LoadModule,

    /// <summary>Looking for processes that hold a device node.</summary>
    CheckHolders,

    /// <summary>Taking the nvidia driver's <c>unbindLock</c>.</summary>
    UnbindLock,

    /// <summary>Clearing <c>driver_override</c>.</summary>
    ClearDriverOverride,

    /// <summary>Writing the address to <c>&lt;driver&gt;/unbind</c>.</summary>
    Unbind,

    /// <summary>Writing a driver name to <c>driver_override</c>.</summary>
    SetDriverOverride,

    /// <summary>Writing the address to <c>&lt;driver&gt;/bind</c>.</summary>
    Bind,

    /// <summary>Waiting for <c>/dev/vfio/&lt;group&gt;</c> or the VFIO device cdev to appear.</summary>
    WaitForDeviceNode,

    /// <summary>Checking the <c>driver</c> link after binding.</summary>
    Verify,

    /// <summary>Restoring a recorded prior state (release or rollback).</summary>
    Restore,
}
