using System.Globalization;
using System.IO.Abstractions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>
/// A simulated Linux host in a real temporary directory: <c>sys/</c>, <c>dev/</c>, <c>proc/</c>, <c>lib/modules/</c>
/// laid out like the kernel's, a <see cref="SimulatedKernel"/> reacting to writes made through
/// <see cref="FileSystem"/>, simulated holder processes, and fault injection. Disposing deletes the directory.
/// The driver root is the simulated root itself, so GPU nodes are <c>&lt;root&gt;/dev/nvidia&lt;minor&gt;</c>
/// (regular files: the holder scan matches them by (st_dev, st_ino)).
/// </summary>
public sealed class SimulatedHost : IDisposable
{
    private readonly SimulatedTree _tree;
    private readonly List<SimulatedHolder> _holders = [];
    private readonly List<RealHolderProcess> _realHolders = [];
    private readonly bool _ownsRoot = true;
    private int _nextPid = 40000;

    private SimulatedHost(string root, SimulatedTopology topology, bool ownsRoot = true)
    {
        _ownsRoot = ownsRoot;
        Topology = topology;
        _tree = new SimulatedTree(root);
        Kernel = new SimulatedKernel(_tree, topology.VfioDev, IsHeld)
        {
            NvidiaMinor = address => topology.Functions.FirstOrDefault(f => f.Address == address) is { NvidiaMinor: { } minor } f
                ? (minor, f.HasUnbindLock)
                : null,
        };
        FileSystem = new SimulatedFileSystem(Kernel);
        ModuleLoader = new SimulatedModuleLoader(_tree);
    }

    /// <summary>Gets the topology the host was built from (its state before any write).</summary>
    public SimulatedTopology Topology { get; }

    /// <summary>Gets the temporary root directory.</summary>
    public string Root => _tree.Root;

    /// <summary>Gets the simulated sysfs root.</summary>
    public string SysfsRoot => _tree.Sys;

    /// <summary>Gets the simulated <c>/dev</c>.</summary>
    public string DevRoot => _tree.Dev;

    /// <summary>Gets the simulated <c>/proc</c>.</summary>
    public string ProcRoot => _tree.Proc;

    /// <summary>Gets the simulated <c>/lib/modules</c>.</summary>
    public string ModulesRoot => _tree.Modules;

    /// <summary>Gets the driver root (the simulated root: nodes under <c>dev/</c>).</summary>
    public string DriverRoot => _tree.Root;

    /// <summary>Gets the kernel, for fault injection and the write log.</summary>
    public SimulatedKernel Kernel { get; }

    /// <summary>Gets the file system to hand to the library: writes to control files reach the kernel.</summary>
    public IFileSystem FileSystem { get; }

    /// <summary>Gets the module loader to hand to the library.</summary>
    public SimulatedModuleLoader ModuleLoader { get; }

    /// <summary>Gets options pointing every root into the host, with short deadlines for tests.</summary>
    public IOptions<VfioHostOptions> Options => Microsoft.Extensions.Options.Options.Create(CreateOptions());

    /// <summary>Builds a host in a fresh temporary directory.</summary>
    /// <param name="topology">The machine.</param>
    /// <returns>The host; dispose it to delete the directory.</returns>
    public static SimulatedHost Create(SimulatedTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var host = new SimulatedHost(NewRoot(topology.Name), topology);
        try
        {
            host.Build();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reopens a tree another <see cref="SimulatedHost"/> built (for example in a process that was killed): the
    /// kernel's state lives in the tree, so bindings, overrides and device nodes are as that process left them.
    /// Disposing the reopened host does not delete the tree.
    /// </summary>
    /// <param name="root">The tree's root (<see cref="Root"/> of the original host).</param>
    /// <param name="topology">The topology the tree was built from.</param>
    /// <returns>The host.</returns>
    public static SimulatedHost Open(string root, SimulatedTopology topology)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(topology);
        if (!Directory.Exists(Path.Join(root, "sys/bus/pci/devices")))
        {
            throw new DirectoryNotFoundException($"{root} is not a simulated host tree.");
        }

        return new SimulatedHost(root, topology, ownsRoot: false);
    }

    /// <summary>Gets or sets the kernel's boot id (<c>proc/sys/kernel/random/boot_id</c>); set a new one to simulate a reboot.</summary>
    public string BootId
    {
        get => File.ReadAllText(Path.Join(ProcRoot, "sys/kernel/random/boot_id")).Trim();
        set
        {
            Directory.CreateDirectory(Path.Join(ProcRoot, "sys/kernel/random"));
            File.WriteAllText(Path.Join(ProcRoot, "sys/kernel/random/boot_id"), value + "\n");
        }
    }

    /// <summary>Builds a host from a node capture directory (<c>sysfs-pci.tsv</c> and friends).</summary>
    /// <param name="captureDirectory">The capture.</param>
    /// <returns>The host.</returns>
    public static SimulatedHost FromCapture(string captureDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(captureDirectory);
        var topology = new SimulatedTopology { Name = "capture-" + Path.GetFileName(captureDirectory.TrimEnd('/')), Functions = [], IommuEnabled = false, LoadedModules = [], ModuleAliases = [] };
        var host = new SimulatedHost(NewRoot(topology.Name), topology);
        try
        {
            CaptureLoader.Load(captureDirectory, host._tree);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Sets the roots (and short test deadlines) on options.</summary>
    /// <param name="options">The options to change.</param>
    public void Configure(VfioHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SysfsRoot = SysfsRoot;
        options.DevRoot = DevRoot;
        options.ProcRoot = ProcRoot;
        options.HostRoot = Root;
        options.DriverRoot = DriverRoot;
        options.ModulesRoot = ModulesRoot;
        options.SysfsWriteTimeout = TimeSpan.FromSeconds(5);
        options.DeviceNodeTimeout = TimeSpan.FromSeconds(2);
        options.PollInterval = TimeSpan.FromMilliseconds(10);
        options.UnbindLockRetryDelay = TimeSpan.FromMilliseconds(5);
    }

    /// <summary>Creates options pointing into the host.</summary>
    /// <returns>The options.</returns>
    public VfioHostOptions CreateOptions()
    {
        var options = new VfioHostOptions();
        Configure(options);
        return options;
    }

    /// <summary>The node of a GPU minor: <c>&lt;root&gt;/dev/nvidia&lt;minor&gt;</c>.</summary>
    /// <param name="minor">The minor number.</param>
    /// <returns>The path.</returns>
    public string GpuNode(int minor) => _tree.NvidiaNode(minor);

    /// <summary>The VFIO group node <c>&lt;dev&gt;/vfio/&lt;group&gt;</c>.</summary>
    /// <param name="group">The group.</param>
    /// <returns>The path.</returns>
    public string VfioGroupNode(int group) => _tree.GroupNode(group);

    /// <summary>The driver bound to a function now, read straight from the tree.</summary>
    /// <param name="address">The function.</param>
    /// <returns>The driver, or null.</returns>
    public string? DriverOf(PciAddress address) => _tree.DriverOf(address);

    /// <summary>The <c>driver_override</c> of a function now, or null when <c>(null)</c>.</summary>
    /// <param name="address">The function.</param>
    /// <returns>The override.</returns>
    public string? OverrideOf(PciAddress address) => _tree.ReadOverride(address) is var value && value == "(null)" ? null : value;

    /// <summary>What nvidia's <c>unbindLock</c> of a GPU reads now (<c>1</c>: taken), or null while the GPU is not on nvidia.</summary>
    /// <param name="address">The GPU.</param>
    /// <returns>The value.</returns>
    public string? UnbindLockOf(PciAddress address)
    {
        var path = Path.Join(ProcRoot, "driver/nvidia/gpus", address.ToString(), "unbindLock");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Replaces one sysfs attribute file of a function (e.g. to make it malformed).</summary>
    /// <param name="address">The function.</param>
    /// <param name="attribute">The file name.</param>
    /// <param name="content">The new content.</param>
    public void SetAttribute(PciAddress address, string attribute, string content) =>
        File.WriteAllText(Path.Join(_tree.DeviceDirectory(address), attribute), content);

    /// <summary>Starts nvidia-persistenced: its socket appears under the driver root.</summary>
    public void StartPersistenced() => SimulatedTree.EnsureFile(Path.Join(DriverRoot, "run/nvidia-persistenced/socket"));

    /// <summary>
    /// Adds a simulated process holding <paramref name="devicePath"/> on fd 3, with a <c>comm</c> and a <c>cgroup</c>.
    /// With <paramref name="containerPath"/>, the fd points at a hard link of the node at that path instead,
    /// like a container's own <c>/dev</c> in another mount namespace: the path differs, the identity does not.
    /// </summary>
    /// <param name="devicePath">The node (e.g. <see cref="GpuNode"/>).</param>
    /// <param name="command">The command name.</param>
    /// <param name="cgroup">The cgroup file content.</param>
    /// <param name="containerPath">A path, relative to the root, for the container's view of the node.</param>
    /// <returns>The holder.</returns>
    public SimulatedHolder AddHolder(string devicePath, string command = "cuda-app", string cgroup = "0::/system.slice/cuda-app.service", string? containerPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        var pid = Interlocked.Increment(ref _nextPid);
        var directory = Path.Join(ProcRoot, pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Join(directory, "fd"));
        File.WriteAllText(Path.Join(directory, "comm"), command + "\n");
        File.WriteAllText(Path.Join(directory, "cgroup"), cgroup + "\n");
        SimulatedTree.EnsureFile(Path.Join(Root, "tmp/log"));
        File.CreateSymbolicLink(Path.Join(directory, "fd/0"), Path.Join(Root, "tmp/log"));
        var target = devicePath;
        if (containerPath is not null)
        {
            target = Path.Join(Root, containerPath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            HardLink.Create(devicePath, target);
        }

        File.CreateSymbolicLink(Path.Join(directory, "fd/3"), target);
        var holder = new SimulatedHolder(pid, devicePath, directory);
        lock (_holders)
        {
            _holders.Add(holder);
        }

        return holder;
    }

    /// <summary>Starts a real child process holding a file of this host open (for scans of the real <c>/proc</c>).</summary>
    /// <param name="path">The file to hold.</param>
    /// <returns>The process; it is killed when the host is disposed.</returns>
    public RealHolderProcess StartRealHolder(string path)
    {
        var process = RealHolderProcess.Start(path);
        lock (_realHolders)
        {
            _realHolders.Add(process);
        }

        return process;
    }

    /// <summary>Kills real holders, releases hangs and deletes the directory.</summary>
    public void Dispose()
    {
        Kernel.ClearFaults();
        lock (_realHolders)
        {
            foreach (var process in _realHolders)
            {
                process.Dispose();
            }
        }

        if (!_ownsRoot)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A released hang may still be finishing its write; one retry after it settles.
            Thread.Sleep(50);
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, true);
            }
        }
    }

    private static string NewRoot(string name)
    {
        var root = Path.Join(Path.GetTempPath(), "nvdra-sim-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        return root;
    }

    private bool IsHeld(PciAddress gpu)
    {
        if (Topology.Functions.FirstOrDefault(f => f.Address == gpu)?.NvidiaMinor is not { } minor)
        {
            return false;
        }

        lock (_holders)
        {
            return _holders.Any(h => !h.Exited && h.DevicePath == GpuNode(minor));
        }
    }

    private void Build()
    {
        File.WriteAllText(Path.Join(ProcRoot, "sys/kernel/osrelease"), Topology.KernelRelease + "\n");
        BootId = Guid.NewGuid().ToString();
        var aliases = Path.Join(ModulesRoot, Topology.KernelRelease, "modules.alias");
        Directory.CreateDirectory(Path.GetDirectoryName(aliases)!);
        File.WriteAllText(aliases, "# Aliases extracted from modules themselves.\nalias pci:v000010DEd*sv*sd*bc03sc*i* nvidia\n" + string.Join('\n', Topology.ModuleAliases) + "\n");
        foreach (var module in Topology.LoadedModules)
        {
            _tree.RegisterModule(module, SimulatedModuleLoader.DriverNameOf(module));
        }

        Directory.CreateDirectory(Path.Join(SysfsRoot, "kernel/iommu_groups"));
        if (Topology.IommufdEnabled)
        {
            SimulatedTree.EnsureFile(Path.Join(DevRoot, "iommu"));
        }

        if (Topology.PersistencedRunning)
        {
            StartPersistenced();
        }

        SimulatedTree.EnsureFile(Path.Join(DriverRoot, "dev/nvidiactl"));
        foreach (var function in Topology.Functions)
        {
            _tree.WriteFunction(function.Address, function.DevicePath, function.Attributes());
        }

        var vfIndex = new Dictionary<PciAddress, int>();
        foreach (var function in Topology.Functions)
        {
            if (Topology.IommuEnabled && function.IommuGroup is { } group)
            {
                _tree.SetGroup(function.Address, group);
            }

            if (function.PhysicalFunction is { } pf)
            {
                vfIndex[pf] = vfIndex.GetValueOrDefault(pf) + 1;
                _tree.LinkPhysicalFunction(function.Address, pf, vfIndex[pf] - 1);
            }

            foreach (var consumer in function.Consumers)
            {
                _tree.LinkConsumer(function.Address, consumer);
            }
        }

        foreach (var function in Topology.Functions.Where(f => f.Driver is not null))
        {
            if (!Directory.Exists(_tree.DriverDirectory(function.Driver!)))
            {
                _tree.RegisterDriver(function.Driver!);
            }

            _tree.LinkDriver(function.Address, function.Driver!);
            if (SimulatedTree.IsVfio(function.Driver))
            {
                _tree.CreateVfioNodes(function.Address, Topology.VfioDev);
            }
            else if (function.Driver == "nvidia" && function.NvidiaMinor is { } minor)
            {
                _tree.CreateNvidiaProc(function.Address, minor, function.HasUnbindLock);
            }
        }
    }
}
