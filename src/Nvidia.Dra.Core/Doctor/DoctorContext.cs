using System.IO.Abstractions;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// The facts of one doctor run, read lazily once and shared by every check: the GPUs, the node's processes, and
/// the holders of each GPU's device node (one <c>/proc</c> scan for all of them).
/// </summary>
public sealed class DoctorContext
{
    private readonly IDeviceHolderScanner _scanner;
    private readonly Lazy<IReadOnlyList<PciFunction>> _gpus;
    private readonly Lazy<IReadOnlyList<NodeProcess>> _processes;
    private readonly Lazy<IReadOnlyDictionary<PciAddress, string>> _nodes;
    private readonly Lazy<HolderScanResult> _scan;
    private readonly CancellationToken _cancellationToken;

    internal DoctorContext(
        VfioHostOptions host,
        DoctorOptions options,
        IFileSystem fileSystem,
        IPciDiscovery discovery,
        IDeviceHolderScanner scanner,
        CancellationToken cancellationToken)
    {
        Host = host;
        Options = options;
        FileSystem = fileSystem;
        _scanner = scanner;
        _cancellationToken = cancellationToken;
        _gpus = new(discovery.GetNvidiaGpus);
        _processes = new(() => ProcessTable.Read(fileSystem, host.ProcRoot, _cancellationToken));
        _nodes = new(ReadNodes);
        _scan = new(ScanHolders);
    }

    /// <summary>Gets the host roots (sysfs, proc, dev, driver root, host root, modules).</summary>
    public VfioHostOptions Host { get; }

    /// <summary>Gets the doctor's own options.</summary>
    public DoctorOptions Options { get; }

    /// <summary>Gets the file system the facts are read through.</summary>
    public IFileSystem FileSystem { get; }

    /// <summary>Gets the NVIDIA GPUs (physical functions) in sysfs.</summary>
    public IReadOnlyList<PciFunction> Gpus => _gpus.Value;

    /// <summary>Gets every process of the proc root, by PID.</summary>
    public IReadOnlyList<NodeProcess> Processes => _processes.Value;

    /// <summary>
    /// Gets how many processes the holder scan could not inspect (their <c>&lt;proc&gt;/&lt;pid&gt;/fd</c> cannot be read —
    /// without root in the host PID namespace, holders among them are invisible). The engine's scan counts the same way.
    /// </summary>
    public int UninspectableProcesses => _scan.Value.UninspectableProcesses;

    /// <summary>Maps a path as the host sees it (<c>/var/lib/kubelet</c>) to this process's view under the host root.</summary>
    /// <param name="hostPath">The absolute host path.</param>
    /// <returns>The path under <see cref="VfioHostOptions.HostRoot"/>.</returns>
    public string UnderHostRoot(string hostPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        return DriverRootDetector.Normalize(Path.Join(Host.HostRoot, hostPath.TrimStart('/')));
    }

    /// <summary>Gets a GPU's device node <c>&lt;driver root&gt;/dev/nvidia&lt;minor&gt;</c> while it is on <c>nvidia</c>.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <returns>The node, or <see langword="null"/> when the GPU is not on nvidia or the node does not exist.</returns>
    public string? GpuDeviceNode(PciAddress gpu) => _nodes.Value.GetValueOrDefault(gpu);

    /// <summary>Gets the processes holding a GPU's device node, found by device number in any mount namespace.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <returns>The holders; empty when none or when the GPU has no node.</returns>
    public IReadOnlyList<DeviceHolder> HoldersOf(PciAddress gpu) =>
        GpuDeviceNode(gpu) is { } node ? [.. _scan.Value.Holders.Where(h => h.DevicePath == node)] : [];

    /// <summary>Gets every holder of any GPU's device node.</summary>
    /// <returns>The holders.</returns>
    public IReadOnlyList<DeviceHolder> AllHolders() => _scan.Value.Holders;

    /// <summary>Classifies a holder after the guide's limitations table.</summary>
    /// <param name="holder">The holder.</param>
    /// <returns>What it is.</returns>
    public NodeProcessKind KindOf(DeviceHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var process = Processes.FirstOrDefault(p => p.Pid == holder.Pid);
        return process?.Kind ?? ProcessClassifier.Classify(
            holder.Command, null, holder.Owner.Kind == HolderOwnerKind.SystemdUnit ? holder.Owner.Name : null);
    }

    private Dictionary<PciAddress, string> ReadNodes()
    {
        var nodes = new Dictionary<PciAddress, string>();
        foreach (var gpu in Gpus)
        {
            try
            {
                if (_scanner.GetGpuDeviceNode(gpu.Address) is { } node && FileSystem.Path.Exists(node))
                {
                    nodes[gpu.Address] = node;
                }
            }
            catch (VfioException)
            {
                // A malformed procfs information file: the GPU's node is unknown, so it is reported without holders.
            }
        }

        return nodes;
    }

    private HolderScanResult ScanHolders()
    {
        var nodes = _nodes.Value.Values.Distinct(StringComparer.Ordinal).ToList();
        if (nodes.Count == 0)
        {
            return new HolderScanResult([], 0);
        }

        // One walk of /proc, the engine's own: the holders and the processes it could not inspect come together.
        // The NVML check opens the GPUs in this very process: it holds them, but it is not a holder to report.
        var self = OwnPid();
        var scan = _scanner.Scan(nodes, _cancellationToken);
        return scan with { Holders = [.. scan.Holders.Where(h => h.Pid != self)] };
    }

    /// <summary>This process's PID in the scanned proc root (<c>&lt;proc&gt;/self</c>), or -1 when it is not a live procfs.</summary>
    private int OwnPid()
    {
        try
        {
            var target = FileSystem.FileInfo.New(Path.Join(Host.ProcRoot, "self")).LinkTarget;
            return int.TryParse(target, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
