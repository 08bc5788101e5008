namespace Nvidia.Dra.Vfio;

/// <summary>Conveniences over <see cref="IDeviceHolderScanner"/>.</summary>
public static class DeviceHolderScannerExtensions
{
    /// <summary>Scans every process for descriptors that open one node.</summary>
    /// <param name="scanner">The scanner.</param>
    /// <param name="devicePath">The node.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The holders.</returns>
    public static IReadOnlyList<DeviceHolder> FindHolders(this IDeviceHolderScanner scanner, string devicePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        return scanner.FindHolders([devicePath], cancellationToken);
    }
}
