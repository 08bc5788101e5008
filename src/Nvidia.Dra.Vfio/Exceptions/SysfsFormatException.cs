namespace Nvidia.Dra.Vfio;

/// <summary>A sysfs, procfs or module file holds a value this package cannot accept (malformed, or a hostile name or path); nothing was written.</summary>
public sealed class SysfsFormatException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file that was read.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="expected">What a valid value looks like.</param>
    /// <param name="device">The PCI function concerned, when there is one.</param>
    public SysfsFormatException(string path, string value, string expected, PciAddress? device = null)
        : base(
            $"{path} holds '{Printable(value)}', expected {expected}. Nothing was written. Check that the configured sysfs/proc roots point at a real kernel tree (or a faithful copy).",
            device,
            VfioStep.Discover)
    {
        Path = path;
        Value = value;
    }

    /// <summary>Gets the file that held the value.</summary>
    public string Path { get; }

    /// <summary>Gets the offending value.</summary>
    public string Value { get; }

    private static string Printable(string value)
    {
        var clipped = value.Length > 80 ? value[..80] + "..." : value;
        return clipped.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
    }
}
