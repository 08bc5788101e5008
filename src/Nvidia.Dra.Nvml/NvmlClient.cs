using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Lifetime;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml;

/// <summary>
/// <see cref="INvml"/> over the real <c>libnvidia-ml.so.1</c>. Every call runs in an NVML session: the first call
/// loads the library and initialises NVML (so creating a client on a machine without GPUs is harmless), calls within
/// <see cref="NvmlOptions.IdleUnloadDelay"/> of each other share the session, and once the client has been idle that
/// long NVML is shut down and the library unloaded, giving its memory back; the next call starts a new session.
/// Holding a client therefore holds no NVML resources between calls. <see cref="Dispose"/> ends the session at once.
/// </summary>
public sealed class NvmlClient : INvml, IDisposable
{
    private const int ProcessListAttempts = 4;

    private readonly NvmlLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly Lock _persistenceGate = new();
    private int _disposed;

    /// <summary>Creates a client for the host's NVIDIA driver.</summary>
    /// <param name="options">Where the driver is and how long NVML stays loaded while idle; <see langword="null"/>
    /// for the defaults. Validated here.</param>
    /// <param name="loggerFactory">Logging; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock of the idle period; <see langword="null"/> for the system clock.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">NVML is already loaded in this process from another place.</exception>
    public NvmlClient(NvmlOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new NvmlOptions();
        NvmlOptionsValidation.ThrowIfInvalid(options);
        _logger = loggerFactory is null ? NullLogger.Instance : loggerFactory.CreateLogger<NvmlClient>();
        NvmlLibraryLoader.Shared.Configure(new NvmlLibrarySettings(options.DriverRoot, options.LibraryPath));

        // Each client has its own sessions over the process's one library file: dlopen and nvmlInit are both
        // reference-counted, so two clients' sessions overlap safely, and each client's table of entry points is
        // dropped before its own unload.
        _lifetime = new NvmlLifetime(
            new NativeNvmlLoader(NvmlLibraryLoader.Shared, NativeLibraryProbe.Instance, _logger, options.ReleaseCudaOnUnload),
            options.IdleUnloadDelay,
            timeProvider ?? TimeProvider.System,
            _logger);
        _lifetime.AddOwner();
    }

    /// <summary>Creates a client over another NVML instance (the fake in tests), sharing its sessions.</summary>
    internal NvmlClient(NvmlLifetime lifetime, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _logger = logger ?? NullLogger.Instance;
        _lifetime = lifetime;
        _lifetime.AddOwner();
    }

    /// <inheritdoc />
    public NvmlSystemInfo GetSystemInfo()
    {
        using var session = Session();
        var api = session.Api;
        Check(api, api.SystemGetDriverVersion(out var driverVersion), "nvmlSystemGetDriverVersion", gpu: null);
        Check(api, api.SystemGetNvmlVersion(out var nvmlVersion), "nvmlSystemGetNVMLVersion", gpu: null);
        Check(api, api.SystemGetCudaDriverVersion(out var cuda), "nvmlSystemGetCudaDriverVersion", gpu: null);
        return new NvmlSystemInfo
        {
            DriverVersion = driverVersion,
            NvmlVersion = nvmlVersion,
            CudaDriverVersion = NvmlCudaVersion.FromDriverValue(cuda),
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<NvmlGpu> GetGpus()
    {
        using var session = Session();
        var api = session.Api;
        var count = Count(api);
        var gpus = new NvmlGpu[count];
        for (var index = 0; index < count; index++)
        {
            gpus[index] = ReadGpu(api, HandleByIndex(api, index), index, Label(index));
        }

        return gpus;
    }

    /// <inheritdoc />
    public NvmlGpu GetGpuByIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        using var session = Session();
        var api = session.Api;
        var count = Count(api);
        if (index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"NVML sees {count} GPU(s); there is no GPU at index {index}.");
        }

        return ReadGpu(api, HandleByIndex(api, index), index, Label(index));
    }

    /// <inheritdoc />
    public bool TryGetGpuByUuid(string uuid, [NotNullWhen(true)] out NvmlGpu? gpu)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uuid);
        using var session = Session();
        var api = session.Api;
        var result = api.DeviceGetHandleByUuid(uuid, out var device);
        if (IsNotFound(result))
        {
            gpu = null;
            return false;
        }

        Check(api, result, "nvmlDeviceGetHandleByUUID", uuid);
        gpu = ReadGpu(api, device, index: null, uuid);
        return true;
    }

    /// <inheritdoc />
    public bool TryGetGpuByPciBusId(string pciBusId, [NotNullWhen(true)] out NvmlGpu? gpu)
    {
        var busId = NvmlPciBusId.Normalize(pciBusId);
        using var session = Session();
        var api = session.Api;
        var result = api.DeviceGetHandleByPciBusId(busId, out var device);
        if (IsNotFound(result))
        {
            gpu = null;
            return false;
        }

        Check(api, result, "nvmlDeviceGetHandleByPciBusId_v2", busId);
        gpu = ReadGpu(api, device, index: null, busId);
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<int> GetComputeProcessIds(string pciBusId)
    {
        var busId = NvmlPciBusId.Normalize(pciBusId);
        using var session = Session();
        var api = session.Api;
        var device = HandleByPciBusId(api, busId);

        // Ask with an empty buffer first: NVML answers SUCCESS (none) or INSUFFICIENT_SIZE with the count. Processes
        // can start between two calls, so grow with headroom and try a few times.
        var infos = Array.Empty<NvmlProcessInfo>();
        for (var attempt = 0; attempt < ProcessListAttempts; attempt++)
        {
            var count = (uint)infos.Length;
            var result = api.DeviceGetComputeRunningProcesses(device, ref count, infos);
            if (result == NvmlReturn.Success)
            {
                return infos.Take((int)Math.Min(count, (uint)infos.Length)).Select(info => (int)info.Pid).ToArray();
            }

            if (result != NvmlReturn.InsufficientSize)
            {
                Check(api, result, "nvmlDeviceGetComputeRunningProcesses_v3", busId);
            }

            infos = new NvmlProcessInfo[Math.Max(count, (uint)infos.Length) + 8];
        }

        throw NvmlErrors.Create(
            NvmlReturn.InsufficientSize,
            "nvmlDeviceGetComputeRunningProcesses_v3",
            api.ErrorString(NvmlReturn.InsufficientSize),
            busId);
    }

    /// <inheritdoc />
    public bool GetPersistenceMode(string pciBusId)
    {
        var busId = NvmlPciBusId.Normalize(pciBusId);
        using var session = Session();
        var api = session.Api;
        var device = HandleByPciBusId(api, busId);
        Check(api, api.DeviceGetPersistenceMode(device, out var mode), "nvmlDeviceGetPersistenceMode", busId);
        return mode == NvmlEnableState.Enabled;
    }

    /// <inheritdoc />
    public void SetPersistenceMode(string pciBusId, bool enabled)
    {
        var busId = NvmlPciBusId.Normalize(pciBusId);
        using var session = Session();
        var api = session.Api;
        lock (_persistenceGate)
        {
            var device = HandleByPciBusId(api, busId);
            var mode = enabled ? NvmlEnableState.Enabled : NvmlEnableState.Disabled;
            Check(api, api.DeviceSetPersistenceMode(device, mode), "nvmlDeviceSetPersistenceMode", busId);
            _logger.PersistenceModeChanged(busId, enabled);
        }
    }

    /// <summary>Ends this client's hold on NVML: NVML is shut down and unloaded now (or when a call still running on
    /// another thread returns) unless other clients share the instance. Never throws; a failed shutdown is logged.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lifetime.RemoveOwner();
        }
    }

    private static bool IsNotFound(NvmlReturn result) =>
        result is NvmlReturn.NotFound or NvmlReturn.GpuNotFound or NvmlReturn.InvalidArgument;

    private static void Check(INvmlApi api, NvmlReturn result, string function, string? gpu)
    {
        if (result != NvmlReturn.Success)
        {
            throw NvmlErrors.Create(result, function, api.ErrorString(result), gpu);
        }
    }

    private static int Count(INvmlApi api)
    {
        Check(api, api.DeviceGetCount(out var count), "nvmlDeviceGetCount_v2", gpu: null);
        return (int)count;
    }

    private static NvmlDeviceHandle HandleByIndex(INvmlApi api, int index)
    {
        Check(api, api.DeviceGetHandleByIndex((uint)index, out var device), "nvmlDeviceGetHandleByIndex_v2", Label(index));
        return device;
    }

    private static NvmlDeviceHandle HandleByPciBusId(INvmlApi api, string busId)
    {
        var result = api.DeviceGetHandleByPciBusId(busId, out var device);
        Check(api, result == NvmlReturn.InvalidArgument ? NvmlReturn.NotFound : result, "nvmlDeviceGetHandleByPciBusId_v2", busId);
        return device;
    }

    // The stack buffers here and in the model's ToString/Normalize keep these hot paths off ArrayPool<char>.Shared, whose
    // first use calibrates the processor-id cache: about 0.3 ms of a short-lived process such as nvdra (docs/nvml).
    private static string Label(int index) => string.Create(CultureInfo.InvariantCulture, stackalloc char[24], $"index {index}");

    // label names the GPU in errors until its PCI bus id is known; from then on the bus id does.
    private NvmlGpu ReadGpu(INvmlApi api, NvmlDeviceHandle device, int? index, string label)
    {
        Check(api, api.DeviceGetPciInfo(device, out var pci), "nvmlDeviceGetPciInfo_v3", label);
        label = NvmlPciBusId.Normalize(pci.BusIdString);
        if (index is null)
        {
            Check(api, api.DeviceGetIndex(device, out var nvmlIndex), "nvmlDeviceGetIndex", label);
            index = (int)nvmlIndex;
        }

        Check(api, api.DeviceGetUuid(device, out var uuid), "nvmlDeviceGetUUID", label);
        Check(api, api.DeviceGetName(device, out var name), "nvmlDeviceGetName", label);
        Check(api, api.DeviceGetMemoryInfo(device, out var memory), "nvmlDeviceGetMemoryInfo_v2", label);
        Check(api, api.DeviceGetCudaComputeCapability(device, out var major, out var minor), "nvmlDeviceGetCudaComputeCapability", label);

        var brand = Optional(api, api.DeviceGetBrand(device, out var brandValue), "nvmlDeviceGetBrand", label)
            ? (NvmlBrand)brandValue
            : NvmlBrand.Unknown;
        var architecture = Optional(api, api.DeviceGetArchitecture(device, out var archValue), "nvmlDeviceGetArchitecture", label)
            && archValue != uint.MaxValue
            ? (NvmlArchitecture)archValue
            : NvmlArchitecture.Unknown;
        int? minorNumber = Optional(api, api.DeviceGetMinorNumber(device, out var minorValue), "nvmlDeviceGetMinorNumber", label)
            ? (int)minorValue
            : null;
        bool? persistence = Optional(api, api.DeviceGetPersistenceMode(device, out var mode), "nvmlDeviceGetPersistenceMode", label)
            ? mode == NvmlEnableState.Enabled
            : null;
        NvmlMigMode? mig = Optional(api, api.DeviceGetMigMode(device, out var current, out var pending), "nvmlDeviceGetMigMode", label)
            ? new NvmlMigMode(current == 1, pending == 1)
            : null;

        return new NvmlGpu
        {
            Index = index.Value,
            Uuid = uuid,
            Name = name,
            Brand = brand,
            Architecture = architecture,
            ComputeCapability = new NvmlComputeCapability(major, minor),
            MemoryTotalBytes = memory.Total,
            PciBusId = label,
            PciDeviceId = pci.PciDeviceId,
            PciSubsystemId = pci.PciSubSystemId,
            MinorNumber = minorNumber,
            PersistenceModeEnabled = persistence,
            MigMode = mig,
        };
    }

    // A property some GPUs or drivers lack: "not supported" yields null; any other failure still throws.
    private bool Optional(INvmlApi api, NvmlReturn result, string function, string gpu)
    {
        if (result is NvmlReturn.NotSupported or NvmlReturn.FunctionNotFound)
        {
            _logger.PropertyUnavailable(function, gpu, result);
            return false;
        }

        Check(api, result, function, gpu);
        return true;
    }

    // One lease per public call: the session (and every device handle taken in it) stays valid until the call
    // returns, and no handle outlives it.
    private NvmlLease Session()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _lifetime.Acquire();
    }
}
