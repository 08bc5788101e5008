namespace Nvidia.Dra.Core;

/// <summary>The event ids Nvidia.Dra.Core logs with (range 1000–1999), for filters and alerts.</summary>
public static class NvidiaDraEventIds
{
    /// <summary>A GPU or attribute was left out of, or changed in, the ResourceSlices.</summary>
    public const int AdvertisingNote = 1001;

    /// <summary>The pool content changed and its generation was bumped.</summary>
    public const int PoolGenerationBumped = 1002;

    /// <summary>A GPU was left out of the ResourceSlices because its sysfs could not be read; the reason is logged.</summary>
    public const int GpuLeftOut = 1003;

    /// <summary>
    /// Start-up found a GPU on a VFIO driver with this driver's CDI spec or metadata files and no checkpoint record:
    /// the checkpoint was lost or deleted.
    /// </summary>
    public const int UnrecordedVfioGpu = 1115;

    /// <summary>Start-up recovery left a half-done claim alone: another plugin instance holds its GPUs' locks.</summary>
    public const int ClaimInProgressElsewhere = 1116;

    /// <summary>A claim was prepared (devices on VFIO, CDI and metadata written).</summary>
    public const int ClaimPrepared = 1100;

    /// <summary>A completed claim was asked again and answered from the checkpoint.</summary>
    public const int ClaimAlreadyPrepared = 1101;

    /// <summary>Preparing a claim failed; everything done so far is being undone.</summary>
    public const int ClaimPrepareFailed = 1102;

    /// <summary>Undoing a failed prepare did not complete; the checkpoint keeps the claim for recovery.</summary>
    public const int ClaimRollbackFailed = 1103;

    /// <summary>A claim was unprepared (prior state restored, files removed).</summary>
    public const int ClaimUnprepared = 1104;

    /// <summary>Unpreparing a claim failed.</summary>
    public const int ClaimUnprepareFailed = 1105;

    /// <summary>Processes hold a GPU that prepare waits for (W2).</summary>
    public const int WaitingForHolders = 1106;

    /// <summary>A PreferIommuFD claim fell back to the legacy VFIO nodes: the kernel made no device cdev.</summary>
    public const int IommuFdFallback = 1109;

    /// <summary>Start-up recovery found the node rebooted and forgot every claim.</summary>
    public const int CheckpointResetAfterReboot = 1110;

    /// <summary>Start-up recovery finished or rolled back a claim left half-done by a crash.</summary>
    public const int ClaimRecovered = 1111;

    /// <summary>Start-up recovery could not repair a claim; it stays recorded.</summary>
    public const int ClaimRecoveryFailed = 1112;

    /// <summary>A prepared GPU is no longer on its VFIO driver (rebound out of band).</summary>
    public const int PreparedGpuRebound = 1113;

    /// <summary>Republishing the ResourceSlices after a prepare or unprepare failed (the call still succeeded, W16).</summary>
    public const int PublicationFailed = 1114;

    /// <summary>An <see cref="IPoolPublicationListener"/> threw; the pool stays as built and the call that changed it succeeded.</summary>
    public const int PublicationListenerFailed = 1115;

    /// <summary>A doctor check threw; it is reported as a warning finding.</summary>
    public const int DoctorCheckFailed = 1900;

    /// <summary>A doctor run finished (overall status and counts).</summary>
    public const int DoctorFinished = 1901;
}
