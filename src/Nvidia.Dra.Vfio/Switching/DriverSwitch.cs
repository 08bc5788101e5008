using System.Globalization;
using System.IO.Abstractions;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// The driver switch as a plan → execute → verify state machine. Each function goes: holders check and
/// unbindLock (nvidia only) → clear <c>driver_override</c> → unbind → set <c>driver_override</c> → bind → verify
/// the <c>driver</c> link; then the VFIO group node (and, for <see cref="PassthroughPlan.UseDeviceCdev"/>, the device
/// cdevs the kernel made) must appear. Any failure rolls the touched
/// functions back in reverse order with the same convergent restore that repairs a crash.
/// </summary>
public sealed class DriverSwitch : IDriverSwitch
{
    private const string ClearValue = "\n";
    private const string AnonymousVfioDevice = "anon_inode:[vfio-device]";
    private readonly HostPaths _paths;
    private readonly IFileSystem _fileSystem;
    private readonly PciDiscovery _discovery;
    private readonly IVfioDriverResolver _resolver;
    private readonly IDeviceHolderScanner _holders;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SysfsWriter _writer;

    /// <summary>Creates the switch.</summary>
    /// <param name="options">Host roots and deadlines; defaults to the real host.</param>
    /// <param name="resolver">VFIO driver resolver; defaults to one over the same roots.</param>
    /// <param name="holders">Holder scanner; defaults to one over the same roots.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    /// <param name="timeProvider">Clock for deadlines; defaults to the system clock.</param>
    /// <param name="loggerFactory">Logger factory; defaults to none.</param>
    public DriverSwitch(
        IOptions<VfioHostOptions>? options = null,
        IVfioDriverResolver? resolver = null,
        IDeviceHolderScanner? holders = null,
        IFileSystem? fileSystem = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _paths = new HostPaths(options?.Value ?? new VfioHostOptions());
        _fileSystem = fileSystem ?? new FileSystem();
        _time = timeProvider ?? TimeProvider.System;
        _discovery = new PciDiscovery(options, _fileSystem, factory.CreateLogger<PciDiscovery>());
        _resolver = resolver ?? new VfioDriverResolver(options, _fileSystem, null, factory.CreateLogger<VfioDriverResolver>());
        _holders = holders ?? new DeviceHolderScanner(options, _fileSystem, _time, factory.CreateLogger<DeviceHolderScanner>());
        _logger = factory.CreateLogger<DriverSwitch>();
        _writer = new SysfsWriter(_fileSystem, _paths, _time, _logger);
    }

    /// <inheritdoc/>
    public async Task<DriverSwitchRecord> SwitchToVfioAsync(PassthroughPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.EnsureViable();
        var prior = plan.PriorState;
        var operation = new Operation(InFlightRegistry.AcquireAll(_paths.Sysfs, prior.Functions.Select(f => f.Address), "switch to VFIO"));
        try
        {
            foreach (var recorded in prior.Functions)
            {
                var actual = _discovery.ReadBinding(recorded.Address);
                if (actual != recorded)
                {
                    throw new StaleSwitchPlanException(recorded.Address, recorded, actual);
                }
            }

            // Only the files these checks need, not the whole function again (a claim reads it once to plan).
            if (_discovery.ReadNumVfs(plan.Gpu.Address) is > 0 and var vfs)
            {
                throw new VirtualFunctionsEnabledException(plan.Gpu.Address, vfs);
            }

            var driver = await _resolver.EnsureDriverAsync(plan.VfioDriver, plan.Gpu.Address, cancellationToken).ConfigureAwait(false);
            EnsureNotHeld(operation, prior.Functions, cancellationToken);
            var started = _time.GetTimestamp();
            _logger.SwitchStarting(plan.Gpu.Address, driver, prior.Functions.Count);
            var touched = new List<FunctionBinding>();
            try
            {
                foreach (var recorded in prior.Functions)
                {
                    if (recorded.Driver == driver)
                    {
                        _logger.AlreadyOnTarget(recorded.Address, driver);
                        continue;
                    }

                    touched.Add(recorded);
                    await SwitchOneAsync(operation, recorded, driver, cancellationToken).ConfigureAwait(false);
                }

                await WaitForVfioNodesAsync(operation, plan, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _logger.SwitchCancelled(plan.Gpu.Address, operation.Step);
                throw;
            }
            catch (Exception failure)
            {
                // Rollback moves the operation on; keep where the switch itself failed.
                var (device, step, detail) = (operation.Device ?? plan.Gpu.Address, operation.Step, operation.Detail);
                _logger.SwitchFailed(failure, device, step, detail);
                var rollbackError = await RollBackAsync(operation, touched, cancellationToken).ConfigureAwait(false);
                if (rollbackError is null && failure is VfioException typed && typed.GetType() != typeof(VfioException))
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }

                throw new DriverSwitchFailedException(device, step, detail, rollbackError is null, rollbackError, failure);
            }

            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            VfioMetrics.SwitchDuration.Record(elapsed);
            _logger.SwitchCompleted(plan.Gpu.Address, driver, elapsed);
            return prior;
        }
        finally
        {
            operation.Release();
        }
    }

    /// <inheritdoc/>
    public async Task RestoreAsync(DriverSwitchRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var operation = new Operation(InFlightRegistry.AcquireAll(_paths.Sysfs, record.Functions.Select(f => f.Address), "restore"));
        try
        {
            _logger.RestoreStarting(record.Gpu, record.Functions.Count);
            var bindings = EnsureVfioNotInUse(record, cancellationToken);
            for (var i = record.Functions.Count - 1; i >= 0; i--)
            {
                await RestoreOneAsync(operation, record.Functions[i], bindings[i], cancellationToken).ConfigureAwait(false);
            }

            _logger.RestoreCompleted(record.Gpu);
        }
        catch (Exception failure) when (failure is not OperationCanceledException and not GpuBusyException and not DriverSwitchInFlightException)
        {
            throw new DriverSwitchFailedException(operation.Device ?? record.Gpu, operation.Step, operation.Detail, false, null, failure);
        }
        finally
        {
            operation.Release();
        }
    }

    /// <inheritdoc/>
    public FunctionBinding ReadBinding(PciAddress address) => _discovery.ReadBinding(address);

    /// <summary>
    /// Refuses the switch while anything holds the device node of a function on nvidia. Like the checks before it, a
    /// refusal comes before the first write, so it has nothing to undo and is no failed switch: a caller may wait for
    /// the holders it names and switch again. It is the last step before the writes, so a holder that opens the node
    /// earlier is seen; nvidia's unbindLock, where the driver has one, refuses one that comes later.
    /// </summary>
    private void EnsureNotHeld(Operation operation, IEnumerable<FunctionBinding> functions, CancellationToken cancellationToken)
    {
        foreach (var recorded in functions.Where(f => f.Driver == DriverNames.Nvidia))
        {
            var address = recorded.Address;
            operation.At(address, VfioStep.CheckHolders, "holders of the GPU's device node");
            // On nvidia the driver always has a procfs entry: without one the node, and so its holders, are unknown.
            var node = _holders.GetGpuDeviceNode(address)
                ?? throw new HolderScanUnavailableException(_paths.NvidiaGpuProc(address), "does not exist although the GPU is on nvidia", address);
            var holders = _holders.FindHolders(node, cancellationToken);
            if (holders.Count > 0)
            {
                VfioMetrics.BusyDevices.Add(1);
                throw new GpuBusyException(address, node, holders, TimeSpan.Zero);
            }
        }
    }

    private async Task SwitchOneAsync(Operation operation, FunctionBinding recorded, string driver, CancellationToken cancellationToken)
    {
        var address = recorded.Address;
        if (recorded.Driver == DriverNames.Nvidia)
        {
            await AcquireUnbindLockAsync(operation, address, cancellationToken).ConfigureAwait(false);
        }

        if (recorded.DriverOverride is not null)
        {
            await WriteAsync(operation, address, VfioStep.ClearDriverOverride, _paths.DeviceFile(address, "driver_override"), ClearValue, cancellationToken).ConfigureAwait(false);
        }

        if (recorded.Driver is not null)
        {
            await WriteAsync(operation, address, VfioStep.Unbind, _paths.DriverFile(recorded.Driver, "unbind"), address.ToString(), cancellationToken).ConfigureAwait(false);
        }

        await BindAsync(operation, address, driver, cancellationToken).ConfigureAwait(false);
    }

    private async Task BindAsync(Operation operation, PciAddress address, string driver, CancellationToken cancellationToken)
    {
        await WriteAsync(operation, address, VfioStep.SetDriverOverride, _paths.DeviceFile(address, "driver_override"), driver, cancellationToken).ConfigureAwait(false);
        await WriteAsync(operation, address, VfioStep.Bind, _paths.DriverFile(driver, "bind"), address.ToString(), cancellationToken).ConfigureAwait(false);
        operation.At(address, VfioStep.Verify, $"driver link must name {driver}");
        var bound = _discovery.ReadDriver(address);
        if (bound != driver)
        {
            throw new VfioException($"PCI function {address}: after binding, the driver link names {bound ?? "no driver"}, not {driver}. Check dmesg for the probe error.", address, VfioStep.Verify);
        }
    }

    /// <summary>
    /// Brings one function back to its recorded binding. <paramref name="actual"/> is its binding read just before
    /// (by the restore's in-use check), or null to read it here (a rollback). What the writes leave is known without
    /// reading it back: a bind writes the override and verifies the driver link.
    /// </summary>
    private async Task RestoreOneAsync(Operation operation, FunctionBinding recorded, FunctionBinding? actual, CancellationToken cancellationToken)
    {
        var address = recorded.Address;
        operation.At(address, VfioStep.Restore, $"back to driver {recorded.Driver ?? "none"}, override {recorded.DriverOverride ?? "none"}");
        actual ??= _discovery.ReadBinding(address);
        var overridePath = _paths.DeviceFile(address, "driver_override");
        var overrideNow = actual.DriverOverride;
        var rebound = false;
        if (actual.Driver != recorded.Driver)
        {
            if (actual.DriverOverride is not null)
            {
                await WriteAsync(operation, address, VfioStep.ClearDriverOverride, overridePath, ClearValue, cancellationToken).ConfigureAwait(false);
                overrideNow = null;
            }

            if (actual.Driver is not null)
            {
                await WriteAsync(operation, address, VfioStep.Unbind, _paths.DriverFile(actual.Driver, "unbind"), address.ToString(), cancellationToken).ConfigureAwait(false);
            }

            if (recorded.Driver is not null)
            {
                await BindAsync(operation, address, recorded.Driver, cancellationToken).ConfigureAwait(false);
                overrideNow = recorded.Driver;
                rebound = true;
            }
        }

        if (overrideNow != recorded.DriverOverride)
        {
            await WriteAsync(operation, address, recorded.DriverOverride is null ? VfioStep.ClearDriverOverride : VfioStep.SetDriverOverride, overridePath, recorded.DriverOverride ?? ClearValue, cancellationToken).ConfigureAwait(false);
        }

        // The switch may have taken the lock and never unbound (failed, or its process was killed): the record says
        // the GPU was on nvidia, so any switch of it may have taken the lock. Hand it back, or the driver refuses new
        // clients. An unbind and rebind resets it, so it is only ever set on a GPU that stayed on nvidia.
        if (recorded.Driver == DriverNames.Nvidia && !rebound && _discovery.ReadDriver(address) == DriverNames.Nvidia && IsUnbindLockTaken(address))
        {
            await WriteAsync(operation, address, VfioStep.UnbindLock, UnbindLockPath(address), "0", cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsUnbindLockTaken(PciAddress address)
    {
        var path = UnbindLockPath(address);
        return _fileSystem.File.Exists(path) && _fileSystem.File.ReadAllText(path).Trim() == "1";
    }

    private async Task<Exception?> RollBackAsync(Operation operation, List<FunctionBinding> touched, CancellationToken cancellationToken)
    {
        _logger.RollbackStarting(touched.Count);
        try
        {
            for (var i = touched.Count - 1; i >= 0; i--)
            {
                await RestoreOneAsync(operation, touched[i], null, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e)
        {
            _logger.RollbackFailed(e, operation.Device ?? default, operation.Step);
            return e;
        }
    }

    private async Task AcquireUnbindLockAsync(Operation operation, PciAddress address, CancellationToken cancellationToken)
    {
        var path = UnbindLockPath(address);
        if (!_fileSystem.File.Exists(path))
        {
            // Older drivers, and the open module on some builds, have no unbindLock: nothing to take. But a GPU on
            // nvidia without its procfs entry means the proc root is wrong, not that there is nothing to do.
            var entry = _paths.NvidiaGpuProc(address);
            if (!_fileSystem.Directory.Exists(entry))
            {
                throw new HolderScanUnavailableException(entry, "does not exist although the GPU is on nvidia, so its unbindLock cannot be taken", address);
            }

            return;
        }

        var attempts = _paths.Options.UnbindLockAttempts;
        var last = string.Empty;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await WriteAsync(operation, address, VfioStep.UnbindLock, path, "1", cancellationToken).ConfigureAwait(false);
            last = _fileSystem.File.ReadAllText(path).Trim();
            if (last == "1")
            {
                return;
            }

            _logger.UnbindLockRetry(address, attempt, attempts, last);
            if (attempt < attempts)
            {
                await Task.Delay(_paths.Options.UnbindLockRetryDelay * attempt, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new UnbindLockDeniedException(address, attempts, last);
    }

    private async Task WaitForVfioNodesAsync(Operation operation, PassthroughPlan plan, CancellationToken cancellationToken)
    {
        var nodes = new List<string>();
        if (plan.IommuGroup is { } group)
        {
            nodes.Add(_paths.VfioGroupNode(group));
        }

        // Only what the consumer opens: the legacy backend never needs the cdev, and a kernel without
        // CONFIG_VFIO_DEVICE_CDEV has none to wait for (the caller falls back to the group).
        foreach (var function in plan.UseDeviceCdev ? plan.FunctionsToSwitch : [])
        {
            if (_discovery.ReadVfioCdev(function.Address) is { } cdev)
            {
                nodes.Add(_paths.VfioDeviceNode(cdev));
            }
        }

        var timeout = _paths.Options.DeviceNodeTimeout;
        var started = _time.GetTimestamp();
        foreach (var node in nodes)
        {
            operation.At(plan.Gpu.Address, VfioStep.WaitForDeviceNode, node);
            while (!_fileSystem.Path.Exists(node))
            {
                if (_time.GetElapsedTime(started) >= timeout)
                {
                    throw new DriverSwitchTimeoutException(plan.Gpu.Address, VfioStep.WaitForDeviceNode, $"{node} did not appear", timeout);
                }

                await Task.Delay(_paths.Options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Throws when a VFIO user still holds the record's group or devices; returns each function's binding, in order.</summary>
    private FunctionBinding[] EnsureVfioNotInUse(DriverSwitchRecord record, CancellationToken cancellationToken)
    {
        var nodes = new List<string>();
        if (record.IommuGroup is { } group && _fileSystem.Path.Exists(_paths.VfioGroupNode(group)))
        {
            nodes.Add(_paths.VfioGroupNode(group));
        }

        // Each function's binding is read once: for its cdev here, for whether any unbind is needed below, and for
        // the restore that follows.
        var needsUnbind = false;
        var bindings = new FunctionBinding[record.Functions.Count];
        for (var i = 0; i < bindings.Length; i++)
        {
            var recorded = record.Functions[i];
            var binding = bindings[i] = _discovery.ReadBinding(recorded.Address);
            needsUnbind |= binding.Driver != recorded.Driver && DriverNames.IsVfio(binding.Driver);
            if (binding == recorded || !DriverNames.IsVfio(binding.Driver))
            {
                continue;
            }

            if (_discovery.ReadVfioCdev(recorded.Address) is { } cdev && _fileSystem.Path.Exists(_paths.VfioDeviceNode(cdev)))
            {
                nodes.Add(_paths.VfioDeviceNode(cdev));
            }
        }

        if (!needsUnbind || nodes.Count == 0)
        {
            return bindings;
        }

        // A VFIO device fd keeps the group in use even after its owner closed the group fd, and the unbind then
        // blocks in the kernel; its link (anon_inode:[vfio-device]) does not say which device it opens. A process
        // with such an fd counts as a holder unless it holds other groups only (a VM using another GPU); its
        // container (/dev/vfio/vfio) is listed with it.
        var (scanned, otherGroups) = ScanWithOtherGroups(nodes, cancellationToken);
        var holders = scanned
            .GroupBy(h => h.Pid)
            .Where(fds => fds.Any(h => nodes.Contains(h.DevicePath)) ||
                (fds.Any(h => h.DevicePath == AnonymousVfioDevice) && !fds.Any(h => otherGroups.Contains(h.DevicePath))))
            .SelectMany(fds => fds.Where(h => !otherGroups.Contains(h.DevicePath)))
            .ToList();
        if (holders.Count > 0)
        {
            throw new GpuBusyException(record.Gpu, holders[0].DevicePath, holders, TimeSpan.Zero);
        }

        return bindings;
    }

    /// <summary>
    /// Scans for holders of our nodes together with every other group's node. Another GPU's group node can vanish
    /// between the listing and the scan (that GPU was just given back to its host driver by a concurrent claim): the
    /// scan is then made again with a fresh listing. Our own nodes missing still fails, never taken as free.
    /// </summary>
    private (IReadOnlyList<DeviceHolder> Scanned, List<string> OtherGroups) ScanWithOtherGroups(List<string> nodes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var otherGroups = OtherGroupNodes(nodes);
            string[] container = _fileSystem.Path.Exists(_paths.VfioContainerNode) ? [_paths.VfioContainerNode] : [];
            try
            {
                return (_holders.FindHolders([.. nodes, .. otherGroups, .. container, AnonymousVfioDevice], cancellationToken), otherGroups);
            }
            catch (DeviceNodeNotFoundException ex) when (attempt < 3 && otherGroups.Contains(ex.Path) && !nodes.Contains(ex.Path))
            {
                // Listed a moment ago and gone now: list again.
            }
        }
    }

    private List<string> OtherGroupNodes(List<string> ours)
    {
        var directory = _fileSystem.Path.GetDirectoryName(_paths.VfioContainerNode)!;
        return !_fileSystem.Directory.Exists(directory)
            ? []
            : [.. _fileSystem.Directory.EnumerateFileSystemEntries(directory)
                .Where(path => int.TryParse(_fileSystem.Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out _) && !ours.Contains(path))];
    }

    private string UnbindLockPath(PciAddress address) => Path.Join(_paths.NvidiaGpuProc(address), "unbindLock");

    private async Task WriteAsync(Operation operation, PciAddress address, VfioStep step, string path, string value, CancellationToken cancellationToken)
    {
        operation.At(address, step, $"write '{value.TrimEnd('\n')}' to {path}");
        await _writer.WriteAsync(operation.LeaseOf(address), step, path, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state of one switch or restore: its markers and where it is.</summary>
    private sealed class Operation(IReadOnlyList<InFlightRegistry.Lease> leases)
    {
        public PciAddress? Device { get; private set; }

        public VfioStep Step { get; private set; } = VfioStep.Plan;

        public string Detail { get; private set; } = "checking the plan";

        public void At(PciAddress device, VfioStep step, string detail)
        {
            Device = device;
            Step = step;
            Detail = detail;
        }

        public InFlightRegistry.Lease LeaseOf(PciAddress device) => leases.First(lease => lease.Device == device);

        public void Release()
        {
            foreach (var lease in leases)
            {
                lease.Release();
            }
        }
    }
}
