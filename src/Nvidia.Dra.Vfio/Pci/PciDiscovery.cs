using System.Globalization;
using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Reads PCI functions from <c>&lt;sysfs&gt;/bus/pci/devices</c>.</summary>
public sealed class PciDiscovery : IPciDiscovery
{
    private const string NullOverride = "(null)";
    private const string ConsumerPrefix = "consumer:pci:";
    private readonly HostPaths _paths;
    private readonly SysfsReader _reader;
    private readonly ILogger _logger;

    /// <summary>Creates the discovery over the given roots.</summary>
    /// <param name="options">Host roots; defaults to the real host.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    /// <param name="logger">Logger; defaults to none.</param>
    public PciDiscovery(IOptions<VfioHostOptions>? options = null, IFileSystem? fileSystem = null, ILogger<PciDiscovery>? logger = null)
    {
        _paths = new HostPaths(options?.Value ?? new VfioHostOptions());
        _reader = new SysfsReader(fileSystem ?? new FileSystem());
        _logger = logger ?? NullLogger<PciDiscovery>.Instance;
    }

    /// <inheritdoc/>
    public IReadOnlyList<PciFunction> GetFunctions()
    {
        var functions = ListAddresses().Select(Read).ToList();
        _logger.FunctionsDiscovered(functions.Count, functions.Count(f => f.IsNvidiaGpu), _paths.PciDevices);
        return functions;
    }

    /// <inheritdoc/>
    public IReadOnlyList<PciFunction> GetNvidiaGpus()
    {
        // Only NVIDIA functions are parsed in full, so a quirky unrelated device cannot break GPU discovery.
        var gpus = new List<PciFunction>();
        foreach (var address in ListNvidiaFunctions())
        {
            var function = Read(address);
            if (function.IsNvidiaGpu)
            {
                gpus.Add(function);
            }
        }

        return gpus;
    }

    /// <inheritdoc/>
    public IReadOnlyList<PciAddress> ListNvidiaFunctions() =>
        [.. ListAddresses().Where(address => _reader.ReadHex(_paths.DeviceFile(address, "vendor"), 4, address) == PciClassCodes.NvidiaVendorId)];

    /// <inheritdoc/>
    public PciFunction GetFunction(PciAddress address)
    {
        RequireExists(address);
        return Read(address);
    }

    /// <inheritdoc/>
    public PciFunction GetFunctionForPlan(PciAddress address)
    {
        // The class first: a bridge is excluded from group viability, so its identity and driver are all a plan
        // shows of it. Of any other function the plan reads what its checks use, not the descriptive attributes
        // (BARs, NUMA node, CPU list...) that discovery publishes: those cost a dozen reads per function per claim.
        var identity = ReadPlanIdentity(address);
        return identity.ClassCode >> 8 == PciClassCodes.PciBridge ? identity : WithChecked(identity);
    }

    /// <inheritdoc/>
    public int? GetIommuGroup(PciAddress address) => ReadGroup(address) ?? RequireExists<int?>(address, null);

    /// <inheritdoc/>
    public string? GetDriver(PciAddress address) => ReadDriver(address) ?? RequireExists<string?>(address, null);

    /// <inheritdoc/>
    public string? GetVfioCdev(PciAddress address)
    {
        RequireExists(address);
        return ReadVfioCdev(address);
    }

    /// <inheritdoc/>
    public FunctionBinding ReadBinding(PciAddress address) =>
        new(address, ReadDriver(address) ?? RequireExists<string?>(address, null), ReadOverride(address));

    internal string? ReadDriver(PciAddress address)
    {
        var path = _paths.DeviceFile(address, "driver");
        var name = _reader.ReadLinkName(path);
        return name is null || HostPaths.IsSafeName(name)
            ? name
            : throw new SysfsFormatException(path, name, "a driver name (letters, digits, '_', '-', '.')", address);
    }

    internal string? ReadOverride(PciAddress address)
    {
        var path = _paths.DeviceFile(address, "driver_override");
        var text = _reader.ReadExpectedText(path);
        if (text is null || text.Length == 0 || text == NullOverride)
        {
            return null;
        }

        return HostPaths.IsSafeName(text)
            ? text
            : throw new SysfsFormatException(path, text, "'(null)' or one driver name", address);
    }

    private void RequireExists(PciAddress address)
    {
        if (!_reader.Exists(_paths.Device(address)))
        {
            throw new PciDeviceNotFoundException(address, _paths.PciDevices);
        }
    }

    // For a read that found nothing inside the function's directory: whether that is the answer (no driver, no
    // group) or the function is gone. A link or file read inside the directory proves it exists, so the common case
    // costs no stat of the directory.
    private T RequireExists<T>(PciAddress address, T absent)
    {
        RequireExists(address);
        return absent;
    }

    private List<PciAddress> ListAddresses()
    {
        if (!_reader.FileSystem.Directory.Exists(_paths.PciDevices))
        {
            return [];
        }

        var addresses = new List<PciAddress>();
        foreach (var entry in _reader.FileSystem.Directory.EnumerateFileSystemEntries(_paths.PciDevices))
        {
            if (PciAddress.TryParse(Path.GetFileName(entry), out var address))
            {
                addresses.Add(address);
            }
        }

        addresses.Sort();
        return addresses;
    }

    private PciFunction Read(PciAddress address)
    {
        // Every attribute but the SR-IOV ones exists on every PCI function: read without a stat first.
        string File(string name) => _paths.DeviceFile(address, name);
        var numa = _reader.ReadDecimal(File("numa_node"), address, expected: true);
        var resource = _reader.ReadExpectedText(File("resource"));
        return WithChecked(ReadIdentity(address)) with
        {
            SubsystemVendorId = (ushort?)_reader.ReadHex(File("subsystem_vendor"), 4, address, expected: true),
            SubsystemDeviceId = (ushort?)_reader.ReadHex(File("subsystem_device"), 4, address, expected: true),
            Revision = (byte?)_reader.ReadHex(File("revision"), 2, address, expected: true),
            NumaNode = numa is null or < 0 ? null : numa,
            LocalCpuList = _reader.ReadExpectedText(File("local_cpulist")),
            Modalias = _reader.ReadExpectedText(File("modalias")),
            Bars = resource is null ? [] : ResourceFileParser.Parse(File("resource"), resource, address),
            VfioCdev = ReadVfioCdev(address),
            PcieRoot = PcieRootResolver.Resolve(_reader.FileSystem, _paths, address),
        };
    }

    // What every read of a function has: its identity and its driver.
    private PciFunction ReadIdentity(PciAddress address) => new()
    {
        Address = address,
        VendorId = ReadId(address, "vendor"),
        DeviceId = ReadId(address, "device"),
        ClassCode = ReadClassCode(address),
        Driver = ReadDriver(address),
    };

    // A plan's identity comes from the modalias, which the VFIO driver choice needs anyway: one read instead of four
    // (vendor, device, class and modalias). A modalias that is absent or not the kernel's format falls back to the
    // three files, with their format checks.
    private PciFunction ReadPlanIdentity(PciAddress address)
    {
        var modalias = _reader.ReadExpectedText(_paths.DeviceFile(address, "modalias")) ?? RequireExists<string?>(address, null);
        return PciModalias.TryParseIdentity(modalias, out var vendor, out var device, out var classCode)
            ? new PciFunction { Address = address, VendorId = vendor, DeviceId = device, ClassCode = classCode, Driver = ReadDriver(address), Modalias = modalias }
            : ReadIdentity(address) with { Modalias = modalias };
    }

    // What a passthrough plan checks of a function that is not a bridge, on top of its identity and modalias.
    private PciFunction WithChecked(PciFunction identity) => identity with
    {
        DriverOverride = ReadOverride(identity.Address),
        IommuGroup = ReadGroup(identity.Address),
        Sriov = ReadSriov(identity.Address),
        Consumers = ReadConsumers(identity.Address),
    };

    private ushort ReadId(PciAddress address, string name)
    {
        var path = _paths.DeviceFile(address, name);
        return (ushort)Required(_reader.ReadHex(path, 4, address, expected: true), path, address);
    }

    private int ReadClassCode(PciAddress address)
    {
        var path = _paths.DeviceFile(address, "class");
        return (int)Required(_reader.ReadHex(path, 6, address, expected: true), path, address);
    }

    private static uint Required(uint? value, string path, PciAddress address) =>
        value ?? throw new SysfsFormatException(path, string.Empty, "the file to exist for every PCI function", address);

    private int? ReadGroup(PciAddress address)
    {
        var path = _paths.DeviceFile(address, "iommu_group");
        var name = _reader.ReadLinkName(path);
        if (name is null)
        {
            return null;
        }

        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            ? group
            : throw new SysfsFormatException(path, name, "a link to kernel/iommu_groups/<number>", address);
    }

    private SriovInfo ReadSriov(PciAddress address)
    {
        var physfnPath = _paths.DeviceFile(address, "physfn");
        PciAddress? physfn = null;
        if (_reader.ReadLinkName(physfnPath) is { } pf)
        {
            physfn = PciAddress.TryParse(pf, out var pfAddress)
                ? pfAddress
                : throw new SysfsFormatException(physfnPath, pf, "a link to the physical function's directory", address);
        }

        // A device without sriov_totalvfs has no SR-IOV capability: zero VFs, not an error (#1185).
        var total = _reader.ReadDecimal(_paths.DeviceFile(address, "sriov_totalvfs"), address) ?? 0;
        var current = _reader.ReadDecimal(_paths.DeviceFile(address, "sriov_numvfs"), address) ?? 0;
        return total == 0 && current == 0 && physfn is null ? SriovInfo.None : new SriovInfo(total, current, physfn);
    }

    /// <summary>The number of enabled SR-IOV VFs (0 without the capability): one file, for checks made right before a switch.</summary>
    internal int ReadNumVfs(PciAddress address) => _reader.ReadDecimal(_paths.DeviceFile(address, "sriov_numvfs"), address) ?? 0;

    internal string? ReadVfioCdev(PciAddress address)
    {
        var directory = _paths.DeviceFile(address, "vfio-dev");
        if (!_reader.FileSystem.Directory.Exists(directory))
        {
            return null;
        }

        // Kernels without CONFIG_VFIO_DEVICE_CDEV (Debian 12's 6.1 and 6.12) create vfio-dev/vfioN with no dev
        // file and no /dev/vfio/devices node: only the dev file proves a cdev.
        return _reader.FileSystem.Directory.EnumerateDirectories(directory, "vfio*")
            .Where(cdev => _reader.FileSystem.File.Exists(Path.Join(cdev, "dev")))
            .Select(Path.GetFileName)
            .Where(name => HostPaths.IsSafeName(name))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private List<PciAddress> ReadConsumers(PciAddress address)
    {
        var consumers = new List<PciAddress>();
        foreach (var entry in _reader.FileSystem.Directory.EnumerateFileSystemEntries(_paths.Device(address), ConsumerPrefix + "*"))
        {
            if (PciAddress.TryParse(Path.GetFileName(entry).AsSpan(ConsumerPrefix.Length), out var consumer))
            {
                consumers.Add(consumer);
            }
        }

        consumers.Sort();
        return consumers;
    }
}
