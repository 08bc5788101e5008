using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Nvml.Lifetime;

namespace Nvidia.Dra.Testing.Nvml;

/// <summary>
/// An in-memory NVML: simulated GPUs behind NVML's raw calls, driven by the real <see cref="NvmlClient"/> (so tests
/// exercise the package's own logic, not a second implementation of it). Tests can detach GPUs (as if rebound to
/// vfio-pci), inject failures per NVML function, and read back every persistence-mode change. Clients of one fake
/// share its NVML sessions, as the process's clients share one library: by default a session lasts until the last
/// client is disposed; <see cref="UnloadWhenIdle"/> makes the fake unload after an idle period, as the real client
/// does. Thread-safe.
/// </summary>
public sealed partial class FakeNvml
{
    private readonly Lock _gate = new();
    private readonly List<GpuState> _gpus = [];
    private readonly List<PersistenceModeChange> _persistenceChanges = [];
    private readonly Dictionary<string, Failure> _failures = new(StringComparer.Ordinal);
    private NvmlLifetime _lifetime;
    private bool _clientCreated;
    private bool _initialized;
    private int _loadFailures;
    private int _loadedCount;
    private int _callsAfterUnload;

    /// <summary>Creates a fake with <paramref name="gpus"/>, all attached to the nvidia driver.</summary>
    /// <param name="gpus">The GPUs; bus ids and UUIDs must be unique.</param>
    public FakeNvml(IEnumerable<FakeGpu> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        foreach (var gpu in gpus)
        {
            AddGpu(gpu);
        }

        _lifetime = new NvmlLifetime(new Loader(this), Timeout.InfiniteTimeSpan, TimeProvider.System, NullLogger.Instance);
    }

    /// <summary>Creates a fake with no GPU (every GPU on vfio-pci, say).</summary>
    public FakeNvml()
        : this([])
    {
    }

    /// <summary>The driver version reported.</summary>
    public string DriverVersion { get; set; } = "580.159.04";

    /// <summary>The NVML version reported.</summary>
    public string NvmlVersion { get; set; } = "13.580.159.04";

    /// <summary>The CUDA driver version reported, NVML's integer form (13000 = 13.0).</summary>
    public int CudaDriverVersion { get; set; } = 13000;

    /// <summary>How often NVML was initialised (not counting failed attempts).</summary>
    public int InitCount { get; private set; }

    /// <summary>How often NVML was shut down.</summary>
    public int ShutdownCount { get; private set; }

    /// <summary>How often the fake library was loaded (each NVML session loads it once).</summary>
    public int LoadCount { get; private set; }

    /// <summary>How often a load of the fake library was given back.</summary>
    public int UnloadCount { get; private set; }

    /// <summary>Whether any load of the fake library is still held.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _loadedCount > 0;
            }
        }
    }

    /// <summary>Calls made through a load after it was unloaded: on a real library each would be a call into freed
    /// memory, so this must stay 0.</summary>
    public int CallsAfterUnload => Volatile.Read(ref _callsAfterUnload);

    /// <summary>Runs at the start of every raw NVML call (not holding the fake's lock), with the function's name:
    /// lets a test hold a call in flight.</summary>
    public Action<string>? BeforeCall { get; set; }

    /// <summary>Whether NVML is initialised now.</summary>
    public bool IsInitialized
    {
        get
        {
            lock (_gate)
            {
                return _initialized;
            }
        }
    }

    /// <summary>Every persistence-mode change made through NVML, in order.</summary>
    public IReadOnlyList<PersistenceModeChange> PersistenceModeChanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _persistenceChanges];
            }
        }
    }

    /// <summary>A fake node with <paramref name="count"/> H200s on HGX bus ids (<see cref="FakeGpu.H200"/>).</summary>
    /// <param name="count">How many GPUs, 8 by default.</param>
    public static FakeNvml WithH200s(int count = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new FakeNvml(Enumerable.Range(0, count).Select(FakeGpu.H200));
    }

    /// <summary>A client over this fake: the real <see cref="NvmlClient"/>, which initialises on first use and
    /// shuts down when the last client is disposed.</summary>
    /// <param name="loggerFactory">Logging, or <see langword="null"/>.</param>
    public NvmlClient CreateClient(ILoggerFactory? loggerFactory = null)
    {
        lock (_gate)
        {
            _clientCreated = true;
        }

        return new(_lifetime, loggerFactory?.CreateLogger<NvmlClient>());
    }

    /// <summary>Makes the fake's sessions end as the real client's do: NVML shut down and the library unloaded once
    /// no call has been made for <paramref name="delay"/> on <paramref name="time"/>. Call before the first client.</summary>
    /// <param name="delay">The idle period (zero: after every call).</param>
    /// <param name="time">The clock, typically a fake one.</param>
    /// <param name="loggerFactory">Logs the sessions, or <see langword="null"/>.</param>
    /// <returns>This fake.</returns>
    /// <exception cref="InvalidOperationException">A client was created already.</exception>
    public FakeNvml UnloadWhenIdle(TimeSpan delay, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        lock (_gate)
        {
            if (_clientCreated)
            {
                throw new InvalidOperationException("Set the idle unload before the first client is created.");
            }

            var logger = (ILogger?)loggerFactory?.CreateLogger<NvmlClient>() ?? NullLogger.Instance;
            _lifetime = new NvmlLifetime(new Loader(this), delay, time, logger);
            return this;
        }
    }

    /// <summary>Makes the next <paramref name="times"/> loads of the library fail, as when it is not installed.</summary>
    /// <param name="times">How many loads fail.</param>
    public void FailNextLoad(int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _loadFailures = times;
        }
    }

    /// <summary>Adds a GPU, attached.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <exception cref="ArgumentException">A GPU with that bus id or UUID exists.</exception>
    public void AddGpu(FakeGpu gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        lock (_gate)
        {
            if (_gpus.Any(state => state.Gpu.PciBusId == gpu.PciBusId || state.Gpu.Uuid == gpu.Uuid))
            {
                throw new ArgumentException($"A GPU with bus id {gpu.PciBusId} or UUID {gpu.Uuid} exists already.", nameof(gpu));
            }

            _gpus.Add(new GpuState(gpu));
        }
    }

    /// <summary>The GPUs as they are now (persistence mode and processes updated), attached or not.</summary>
    public IReadOnlyList<FakeGpu> Gpus
    {
        get
        {
            lock (_gate)
            {
                return [.. _gpus.Select(state => state.Snapshot())];
            }
        }
    }

    /// <summary>Hides the GPU from NVML, as when it is unbound from the nvidia driver.</summary>
    /// <param name="pciBusId">The GPU.</param>
    public void Detach(string pciBusId)
    {
        var state = Find(pciBusId);
        lock (_gate)
        {
            state.Attached = false;
        }
    }

    /// <summary>Shows the GPU to NVML again, as after rebinding it to nvidia; persistence mode comes back off, as
    /// the driver does not keep it across a rebind.</summary>
    /// <param name="pciBusId">The GPU.</param>
    public void Attach(string pciBusId)
    {
        var state = Find(pciBusId);
        lock (_gate)
        {
            if (!state.Attached)
            {
                state.Attached = true;
                state.PersistenceModeEnabled = false;
            }
        }
    }

    /// <summary>Sets the compute processes NVML reports for the GPU.</summary>
    /// <param name="pciBusId">The GPU.</param>
    /// <param name="processIds">The process ids.</param>
    public void SetComputeProcesses(string pciBusId, params int[] processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        var state = Find(pciBusId);
        lock (_gate)
        {
            state.ComputeProcessIds = [.. processIds];
        }
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="function"/> return
    /// <paramref name="code"/>.</summary>
    /// <param name="function">The NVML function name, such as <c>nvmlDeviceSetPersistenceMode</c>.</param>
    /// <param name="code">The failure to return.</param>
    /// <param name="times">How many calls fail; afterwards the function works again.</param>
    public void FailNext(string function, NvmlReturn code, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _failures[function] = new Failure(code, times);
        }
    }

    /// <summary>Makes every call of <paramref name="function"/> return <paramref name="code"/> until
    /// <see cref="ClearFailures"/>.</summary>
    /// <param name="function">The NVML function name.</param>
    /// <param name="code">The failure to return.</param>
    public void FailAlways(string function, NvmlReturn code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        lock (_gate)
        {
            _failures[function] = new Failure(code, int.MaxValue);
        }
    }

    /// <summary>Removes every injected failure.</summary>
    public void ClearFailures()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    private GpuState Find(string pciBusId)
    {
        var busId = NvmlPciBusId.Normalize(pciBusId);
        lock (_gate)
        {
            return _gpus.FirstOrDefault(state => state.Gpu.PciBusId == busId)
                ?? throw new ArgumentException($"The fake has no GPU at {busId}.", nameof(pciBusId));
        }
    }

    private sealed record Failure(NvmlReturn Code, int Remaining);

    private sealed class GpuState(FakeGpu gpu)
    {
        public FakeGpu Gpu { get; } = gpu;

        public bool Attached { get; set; } = true;

        public bool PersistenceModeEnabled { get; set; } = gpu.PersistenceModeEnabled;

        public IReadOnlyList<int> ComputeProcessIds { get; set; } = gpu.ComputeProcessIds;

        public FakeGpu Snapshot() => Gpu with { PersistenceModeEnabled = PersistenceModeEnabled, ComputeProcessIds = ComputeProcessIds };
    }
}
