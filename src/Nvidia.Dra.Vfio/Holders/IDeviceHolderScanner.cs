namespace Nvidia.Dra.Vfio;

/// <summary>Finds processes holding device nodes by comparing device numbers, never paths.</summary>
public interface IDeviceHolderScanner
{
    /// <summary>Scans every process once for descriptors that open any of the given nodes.</summary>
    /// <param name="devicePaths">
    /// The nodes (host paths), or the link text of an anonymous descriptor such as <c>anon_inode:[vfio-device]</c>
    /// (a VFIO device fd, which has no node; the text does not say which device it opens).
    /// </param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The holders, by PID then descriptor.</returns>
    /// <exception cref="DeviceNodeNotFoundException">A node does not exist (a missing node is never "free").</exception>
    /// <exception cref="HolderScanUnavailableException">The proc root cannot be listed (never "free").</exception>
    IReadOnlyList<DeviceHolder> FindHolders(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scans every process once for descriptors that open any of the given nodes, and counts the processes that could
    /// not be inspected (the doctor and the engine share this one view of holders).
    /// </summary>
    /// <param name="devicePaths">The nodes (host paths).</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The holders and the number of processes that could not be inspected.</returns>
    /// <exception cref="DeviceNodeNotFoundException">A node does not exist (a missing node is never "free").</exception>
    /// <exception cref="HolderScanUnavailableException">The proc root cannot be listed (never "free").</exception>
    HolderScanResult Scan(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default);

    /// <summary>Waits until nobody holds the node, polling within the deadline.</summary>
    /// <param name="devicePath">The node.</param>
    /// <param name="timeout">The most to wait; the caller's token may end the wait earlier.</param>
    /// <param name="device">The GPU, named in the error.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the node is free.</returns>
    /// <exception cref="GpuBusyException">Still held at the deadline; names the holders.</exception>
    /// <exception cref="DeviceNodeNotFoundException">The node does not exist.</exception>
    Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default);

    /// <summary>The node of a GPU on the nvidia driver: <c>&lt;driver root&gt;/dev/nvidia&lt;minor&gt;</c>, minor from procfs.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <returns>The path, or <see langword="null"/> when the GPU is not on nvidia (no procfs entry).</returns>
    string? GetGpuDeviceNode(PciAddress gpu);

    /// <summary>Lists the per-GPU nodes <c>&lt;driver root&gt;/dev/nvidia&lt;N&gt;</c> that exist.</summary>
    /// <returns>The paths, by minor.</returns>
    IReadOnlyList<string> ListGpuDeviceNodes();
}
