namespace Nvidia.Dra.Core;

/// <summary>
/// The checkpoint file cannot be read. It is kept as it is (never overwritten or discarded): the claims it records
/// may still own GPUs that are on vfio-pci. Nothing is prepared or unprepared until it is repaired or moved away.
/// </summary>
public sealed class CheckpointCorruptException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <param name="innerException">The parser error, when there is one.</param>
    public CheckpointCorruptException(string path, string detail, Exception? innerException = null)
        : base(
            $"checkpoint {path} is corrupt ({detail}); it was left untouched. Inspect it, restore the GPUs it lists " +
            "(each 'pciAddress' and its recorded 'functions' drivers) by hand if needed, then move the file away and restart the plugin",
            innerException)
    {
        Path = path;
    }

    /// <summary>Gets the checkpoint file.</summary>
    public string Path { get; }
}
