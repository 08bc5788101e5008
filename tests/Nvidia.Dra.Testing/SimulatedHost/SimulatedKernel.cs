using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>
/// Reacts to writes into the simulated tree the way Linux does: <c>driver_override</c>, <c>bind</c> and
/// <c>unbind</c> change the <c>driver</c> link; binding a VFIO driver makes <c>/dev/vfio/&lt;group&gt;</c> appear, and
/// <c>vfio-dev/vfioN</c> with or without the device cdev as the topology's <see cref="SimulatedVfioDev"/> says;
/// unbinding removes them; the nvidia driver's procfs entry comes and goes with it; <c>unbindLock</c> reads back 1
/// only when nobody holds the GPU. Faults make it misbehave on purpose.
/// </summary>
public sealed class SimulatedKernel
{
    private readonly SimulatedTree _tree;
    private readonly Func<PciAddress, bool> _isHeld;
    private readonly SimulatedVfioDev _vfioDev;
    private readonly object _sync = new();
    private readonly List<KernelWrite> _writes = [];
    private readonly List<(PciAddress Device, SimulatedFault Fault, TimeSpan Delay, int Remaining)> _faults = [];
    private readonly List<(PciAddress Device, VfioStep Step, SimulatedHang Hang)> _hangs = [];

    internal SimulatedKernel(SimulatedTree tree, SimulatedVfioDev vfioDev, Func<PciAddress, bool> isHeld)
    {
        _tree = tree;
        _vfioDev = vfioDev;
        _isHeld = isHeld;
    }

    /// <summary>Gets every control-file write received so far, in order.</summary>
    public IReadOnlyList<KernelWrite> Writes
    {
        get
        {
            lock (_sync)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>Makes the kernel misbehave for a device.</summary>
    /// <param name="device">The device.</param>
    /// <param name="fault">What goes wrong.</param>
    /// <param name="times">How many times; unlimited by default.</param>
    /// <param name="delay">For <see cref="SimulatedFault.SlowBind"/>, how long a bind takes.</param>
    public void Inject(PciAddress device, SimulatedFault fault, int times = int.MaxValue, TimeSpan delay = default)
    {
        lock (_sync)
        {
            _faults.Add((device, fault, delay, times));
        }
    }

    /// <summary>Makes writes of a step for a device block in the "kernel" until the returned hang is released.</summary>
    /// <param name="device">The device.</param>
    /// <param name="step">The step whose write hangs (Unbind, Bind, SetDriverOverride, ClearDriverOverride, UnbindLock).</param>
    /// <returns>The hang; release or dispose it to let the write finish.</returns>
    public SimulatedHang Hang(PciAddress device, VfioStep step)
    {
        var hang = new SimulatedHang();
        lock (_sync)
        {
            _hangs.Add((device, step, hang));
        }

        return hang;
    }

    /// <summary>Removes every fault and releases every hang.</summary>
    public void ClearFaults()
    {
        lock (_sync)
        {
            _faults.Clear();
            foreach (var (_, _, hang) in _hangs)
            {
                hang.Release();
            }

            _hangs.Clear();
        }
    }

    internal bool TryHandleWrite(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var value = contents.Trim();
        if (Under(full, _tree.Sys) is { } sys)
        {
            var parts = sys.Split('/');
            if (parts is ["bus", "pci", "drivers", var driver, "bind" or "unbind"])
            {
                var address = Parse(full, value);
                var unbind = parts[4] == "unbind";
                Record(full, value);
                Enter(address, unbind ? VfioStep.Unbind : VfioStep.Bind);
                if (unbind)
                {
                    Unbind(address, driver);
                }
                else
                {
                    Bind(address, driver);
                }

                return true;
            }

            if (parts[^1] == "driver_override" && PciAddress.TryParse(parts[^2], out var device))
            {
                Record(full, value);
                Enter(device, value.Length == 0 ? VfioStep.ClearDriverOverride : VfioStep.SetDriverOverride);
                lock (_sync)
                {
                    _tree.WriteOverride(device, value);
                }

                return true;
            }
        }

        if (Under(full, _tree.Proc) is { } proc && proc.Split('/') is ["driver", "nvidia", "gpus", var bdf, "unbindLock"] &&
            PciAddress.TryParse(bdf, out var gpu))
        {
            Record(full, value);
            Enter(gpu, VfioStep.UnbindLock);
            lock (_sync)
            {
                var granted = value == "1" && !TakeFault(gpu, SimulatedFault.UnbindLockDenied, out _) && !_isHeld(gpu);
                File.WriteAllText(full, granted ? "1\n" : "0\n");
            }

            return true;
        }

        return false;
    }

    private static string? Under(string path, string root) =>
        path.StartsWith(root + "/", StringComparison.Ordinal) ? path[(root.Length + 1)..] : null;

    private static PciAddress Parse(string path, string value) =>
        PciAddress.TryParse(value, out var address) ? address : throw new IOException($"{path}: write error: No such device ('{value}')");

    private void Record(string full, string value)
    {
        lock (_sync)
        {
            _writes.Add(new KernelWrite(Path.GetRelativePath(_tree.Root, full), value));
        }
    }

    private void Enter(PciAddress device, VfioStep step)
    {
        SimulatedHang[] hangs;
        lock (_sync)
        {
            hangs = [.. _hangs.Where(h => h.Device == device && h.Step == step).Select(h => h.Hang)];
        }

        // Blocks the writing thread outside the lock, as a kernel call would.
        foreach (var hang in hangs)
        {
            hang.Block();
        }
    }

    private bool TakeFault(PciAddress device, SimulatedFault fault, out TimeSpan delay)
    {
        var index = _faults.FindIndex(f => f.Device == device && f.Fault == fault && f.Remaining > 0);
        delay = default;
        if (index < 0)
        {
            return false;
        }

        var found = _faults[index];
        delay = found.Delay;
        _faults[index] = found with { Remaining = found.Remaining == int.MaxValue ? int.MaxValue : found.Remaining - 1 };
        return true;
    }

    private void Unbind(PciAddress address, string driver)
    {
        lock (_sync)
        {
            if (TakeFault(address, SimulatedFault.BusyUnbind, out _))
            {
                throw new IOException($"write error: Device or resource busy (simulated unbind of {address} from {driver})");
            }

            if (_tree.DriverOf(address) != driver)
            {
                throw new IOException($"write error: No such device ({address} is not bound to {driver})");
            }

            _tree.UnlinkDriver(address);
            if (SimulatedTree.IsVfio(driver))
            {
                _tree.RemoveVfioNodes(address, _tree.DriverOf);
            }
            else if (driver == "nvidia")
            {
                _tree.RemoveNvidiaProc(address);
            }
        }
    }

    private void Bind(PciAddress address, string driver)
    {
        TimeSpan delay;
        lock (_sync)
        {
            TakeFault(address, SimulatedFault.SlowBind, out delay);
        }

        if (delay > TimeSpan.Zero)
        {
            Thread.Sleep(delay);
        }

        lock (_sync)
        {
            if (!Directory.Exists(_tree.BusDevice(address)))
            {
                throw new IOException($"write error: No such device ({address})");
            }

            if (_tree.DriverOf(address) is { } bound)
            {
                throw new IOException($"write error: Device or resource busy ({address} is bound to {bound})");
            }

            var driverOverride = _tree.ReadOverride(address);
            if (driverOverride != "(null)" && driverOverride != driver)
            {
                throw new IOException($"write error: No such device (driver_override of {address} is {driverOverride}, not {driver})");
            }

            if (TakeFault(address, SimulatedFault.BindFailure, out _))
            {
                throw new IOException($"write error: Input/output error (simulated probe failure of {address} in {driver})");
            }

            _tree.LinkDriver(address, driver);
            if (SimulatedTree.IsVfio(driver))
            {
                _tree.CreateVfioNodes(address, _vfioDev, cdevNode: !TakeFault(address, SimulatedFault.CdevNodeMissing, out _));
            }
            else if (driver == "nvidia" && NvidiaMinor?.Invoke(address) is { } minor)
            {
                _tree.CreateNvidiaProc(address, minor.Minor, minor.UnbindLock);
            }
        }
    }

    internal Func<PciAddress, (int Minor, bool UnbindLock)?>? NvidiaMinor { get; set; }
}
