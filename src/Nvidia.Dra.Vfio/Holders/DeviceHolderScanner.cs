using System.Globalization;
using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Scans <c>&lt;proc&gt;/&lt;pid&gt;/fd/*</c> with <c>statx</c> and compares identities with the targets; names the
/// holders from <c>comm</c> and <c>cgroup</c>. Needs the host PID namespace and the privilege to read other
/// processes' descriptors; processes that vanish mid-scan are skipped.
/// </summary>
public sealed class DeviceHolderScanner : IDeviceHolderScanner
{
    private const string MinorKey = "Device Minor:";
    private const string AnonymousPrefix = "anon_inode:";
    private readonly HostPaths _paths;
    private readonly SysfsReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the scanner.</summary>
    /// <param name="options">Host roots; defaults to the real host.</param>
    /// <param name="fileSystem">File system for procfs text files; defaults to the real one.</param>
    /// <param name="timeProvider">Clock for waits; defaults to the system clock.</param>
    /// <param name="logger">Logger; defaults to none.</param>
    public DeviceHolderScanner(
        IOptions<VfioHostOptions>? options = null,
        IFileSystem? fileSystem = null,
        TimeProvider? timeProvider = null,
        ILogger<DeviceHolderScanner>? logger = null)
    {
        _paths = new HostPaths(options?.Value ?? new VfioHostOptions());
        _reader = new SysfsReader(fileSystem ?? new FileSystem());
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DeviceHolderScanner>.Instance;
    }

    /// <inheritdoc/>
    public IReadOnlyList<DeviceHolder> FindHolders(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default) =>
        Scan(devicePaths, cancellationToken).Holders;

    /// <inheritdoc/>
    public HolderScanResult Scan(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(devicePaths);
        if (devicePaths.Count == 0)
        {
            return new HolderScanResult([], 0);
        }

        // Nodes are compared by identity; anonymous descriptors (a VFIO device fd) have no node, only a link text.
        var nodes = devicePaths.Where(p => !p.StartsWith(AnonymousPrefix, StringComparison.Ordinal)).ToArray();
        var anonymous = devicePaths.Where(p => p.StartsWith(AnonymousPrefix, StringComparison.Ordinal)).ToArray();
        var targets = new FileIdentity[nodes.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = FileIdentity.Of(nodes[i]) ?? throw new DeviceNodeNotFoundException(nodes[i]);
        }

        string[] ordered = [.. nodes, .. anonymous];
        var started = _time.GetTimestamp();
        var (matches, denied) = ProcFdScanner.Scan(_paths.Proc, targets, anonymous, cancellationToken);
        if (denied > 0)
        {
            // Never silently "free": say that some processes could not be seen.
            _logger.HolderScanIncomplete(denied, _paths.Proc);
        }

        var holders = new List<DeviceHolder>(matches.Count);
        foreach (var (pid, fd, target) in matches)
        {
            holders.Add(Describe(pid, fd, ordered[target]));
        }

        _logger.HolderScanCompleted(devicePaths.Count, holders.Count, _time.GetElapsedTime(started).TotalMilliseconds);
        return new HolderScanResult(holders, denied);
    }

    /// <inheritdoc/>
    public async Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var started = _time.GetTimestamp();
        while (true)
        {
            var holders = this.FindHolders(devicePath, cancellationToken);
            if (holders.Count == 0)
            {
                return;
            }

            var waited = _time.GetElapsedTime(started);
            if (waited >= timeout)
            {
                _logger.HoldersFound(devicePath, string.Join(", ", holders.Select(h => h.Describe())));
                VfioMetrics.BusyDevices.Add(1);
                throw new GpuBusyException(device, devicePath, holders, waited);
            }

            _logger.WaitingForHolders(devicePath, holders.Count);
            var pause = _paths.Options.PollInterval < timeout - waited ? _paths.Options.PollInterval : timeout - waited;
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public string? GetGpuDeviceNode(PciAddress gpu)
    {
        var path = Path.Join(_paths.NvidiaGpuProc(gpu), "information");
        var text = _reader.ReadText(path);
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(MinorKey, StringComparison.Ordinal))
            {
                var value = line[MinorKey.Length..].Trim();
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor < 256
                    ? _paths.NvidiaNode(minor)
                    : throw new SysfsFormatException(path, line, "'Device Minor: <0-255>'", gpu);
            }
        }

        throw new SysfsFormatException(path, text, "a 'Device Minor:' line", gpu);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListGpuDeviceNodes()
    {
        var directory = _paths.NvidiaDevDirectory;
        if (!_reader.FileSystem.Directory.Exists(directory))
        {
            return [];
        }

        return [.. _reader.FileSystem.Directory.EnumerateFileSystemEntries(directory, "nvidia*")
            .Select(path => (Path: path, Minor: MinorOf(Path.GetFileName(path))))
            .Where(node => node.Minor >= 0)
            .OrderBy(node => node.Minor)
            .Select(node => node.Path)];
    }

    private static int MinorOf(string name) =>
        name.Length > "nvidia".Length &&
        int.TryParse(name.AsSpan("nvidia".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? minor
            : -1;

    private DeviceHolder Describe(int pid, int fd, string devicePath)
    {
        var directory = Path.Join(_paths.Proc, pid.ToString(CultureInfo.InvariantCulture));
        string? Read(string name)
        {
            try
            {
                return _reader.ReadText(Path.Join(directory, name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null; // The process exited after the scan matched it.
            }
        }

        var command = Read("comm") ?? "?";
        var owner = CgroupOwnerParser.Parse(Read("cgroup"));
        return new DeviceHolder(pid, command, owner, devicePath, fd);
    }
}
