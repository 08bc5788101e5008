namespace Nvidia.Dra.Core;

/// <summary>The steps of prepare and unprepare, named in errors and logs.</summary>
public enum ClaimStep
{
    /// <summary>Decoding, resolving and validating the claim (no side effect yet).</summary>
    Validate,

    /// <summary>Recording the claim and every device's prior state in the checkpoint.</summary>
    RecordCheckpoint,

    /// <summary>Turning persistence mode off.</summary>
    DisablePersistence,

    /// <summary>Waiting for processes holding the GPU to let go.</summary>
    WaitForHolders,

    /// <summary>Moving the GPU and its IOMMU-group companions to the VFIO driver.</summary>
    SwitchDriver,

    /// <summary>Writing the claim CDI spec.</summary>
    WriteCdiSpec,

    /// <summary>Writing the device metadata files and their CDI specs.</summary>
    WriteMetadata,

    /// <summary>Marking the claim prepared.</summary>
    Complete,

    /// <summary>Removing the claim's CDI and metadata files.</summary>
    RemoveFiles,

    /// <summary>Restoring a device's recorded drivers and overrides.</summary>
    RestoreDriver,

    /// <summary>Turning persistence mode back on.</summary>
    RestorePersistence,

    /// <summary>Removing the claim from the checkpoint.</summary>
    Forget,
}
