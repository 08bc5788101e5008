namespace Nvidia.Dra.Vfio;

/// <summary>Event ids of the package's log messages (range 2000–2999).</summary>
public static class VfioEventIds
{
    /// <summary>PCI functions were read from sysfs.</summary>
    public const int FunctionsDiscovered = 2000;

    /// <summary>A VFIO variant driver was chosen from modules.alias.</summary>
    public const int VfioVariantChosen = 2001;

    /// <summary>Several modules.alias patterns tied; the ordinal-first module won.</summary>
    public const int VfioVariantTie = 2002;

    /// <summary>A missing VFIO module is being loaded.</summary>
    public const int LoadingModule = 2003;

    /// <summary>A driver switch started.</summary>
    public const int SwitchStarting = 2010;

    /// <summary>A switch step is about to run.</summary>
    public const int SwitchStep = 2011;

    /// <summary>A function was already on the target driver.</summary>
    public const int AlreadyOnTarget = 2012;

    /// <summary>A driver switch completed.</summary>
    public const int SwitchCompleted = 2013;

    /// <summary>A driver switch step failed.</summary>
    public const int SwitchFailed = 2014;

    /// <summary>A driver switch was cancelled by its caller.</summary>
    public const int SwitchCancelled = 2015;

    /// <summary>A rollback started.</summary>
    public const int RollbackStarting = 2016;

    /// <summary>A rollback failed.</summary>
    public const int RollbackFailed = 2017;

    /// <summary>A sysfs write passed its deadline (a stuck switch).</summary>
    public const int WriteTimedOut = 2018;

    /// <summary>A sysfs write that had timed out finally returned from the kernel.</summary>
    public const int StuckWriteReturned = 2019;

    /// <summary>The nvidia driver refused unbindLock; retrying.</summary>
    public const int UnbindLockRetry = 2020;

    /// <summary>A restore started.</summary>
    public const int RestoreStarting = 2021;

    /// <summary>A restore completed.</summary>
    public const int RestoreCompleted = 2022;

    /// <summary>A holder scan completed.</summary>
    public const int HolderScanCompleted = 2030;

    /// <summary>Holders still held a node at the deadline.</summary>
    public const int HoldersFound = 2031;

    /// <summary>Waiting for holders to let go of a node.</summary>
    public const int WaitingForHolders = 2032;

    /// <summary>Some processes' descriptors could not be read (no privilege): holders among them are invisible.</summary>
    public const int HolderScanIncomplete = 2033;
}
