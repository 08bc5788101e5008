using Nvidia.Dra.Nvml;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Lifetime;

namespace Nvidia.Dra.Testing.Nvml;

public sealed partial class FakeNvml
{
    /// <summary>Loads the fake "library": each load gets its own calls, which stop working (and are counted as a
    /// use after unload) once that load is unloaded, as a freed native table would crash.</summary>
    private sealed class Loader(FakeNvml fake) : INvmlLoader
    {
        public INvmlLoad Load()
        {
            lock (fake._gate)
            {
                if (fake._loadFailures > 0)
                {
                    fake._loadFailures--;
                    throw new NvmlLibraryNotFoundException("fake: libnvidia-ml.so.1 not found", ["/fake/libnvidia-ml.so.1 (not found)"]);
                }

                fake.LoadCount++;
                fake._loadedCount++;
                return new Load(fake);
            }
        }
    }

    private sealed class Load(FakeNvml fake) : INvmlLoad
    {
        private bool _unloaded;
        private LoadedApi? _api;

        public INvmlApi Api => _api ??= new LoadedApi(this, fake);

        public string LibraryPath => "/fake/libnvidia-ml.so.1";

        public bool IsUnloaded
        {
            get
            {
                lock (fake._gate)
                {
                    return _unloaded;
                }
            }
        }

        public void Unload()
        {
            lock (fake._gate)
            {
                if (_unloaded)
                {
                    throw new InvalidOperationException("fake: the same load was unloaded twice");
                }

                _unloaded = true;
                fake.UnloadCount++;
                fake._loadedCount--;
            }
        }
    }

    /// <summary>The fake's calls as seen through one load: each first runs <see cref="BeforeCall"/> (outside the
    /// fake's lock) and checks that its load is still loaded.</summary>
    private sealed class LoadedApi(Load load, FakeNvml fake) : INvmlApi
    {
        private readonly Api _api = new(fake);

        public NvmlReturn Init(NvmlInitFlags flags) => Enter("nvmlInitWithFlags") ?? _api.Init(flags);

        public NvmlReturn Shutdown() => Enter("nvmlShutdown") ?? _api.Shutdown();

        public string ErrorString(NvmlReturn code) => _api.ErrorString(code);

        public NvmlReturn SystemGetDriverVersion(out string version)
        {
            version = string.Empty;
            return Enter("nvmlSystemGetDriverVersion") ?? _api.SystemGetDriverVersion(out version);
        }

        public NvmlReturn SystemGetNvmlVersion(out string version)
        {
            version = string.Empty;
            return Enter("nvmlSystemGetNVMLVersion") ?? _api.SystemGetNvmlVersion(out version);
        }

        public NvmlReturn SystemGetCudaDriverVersion(out int version)
        {
            version = 0;
            return Enter("nvmlSystemGetCudaDriverVersion") ?? _api.SystemGetCudaDriverVersion(out version);
        }

        public NvmlReturn DeviceGetCount(out uint count)
        {
            count = 0;
            return Enter("nvmlDeviceGetCount_v2") ?? _api.DeviceGetCount(out count);
        }

        public NvmlReturn DeviceGetHandleByIndex(uint index, out NvmlDeviceHandle device)
        {
            device = default;
            return Enter("nvmlDeviceGetHandleByIndex_v2") ?? _api.DeviceGetHandleByIndex(index, out device);
        }

        public NvmlReturn DeviceGetHandleByUuid(string uuid, out NvmlDeviceHandle device)
        {
            device = default;
            return Enter("nvmlDeviceGetHandleByUUID") ?? _api.DeviceGetHandleByUuid(uuid, out device);
        }

        public NvmlReturn DeviceGetHandleByPciBusId(string pciBusId, out NvmlDeviceHandle device)
        {
            device = default;
            return Enter("nvmlDeviceGetHandleByPciBusId_v2") ?? _api.DeviceGetHandleByPciBusId(pciBusId, out device);
        }

        public NvmlReturn DeviceGetIndex(NvmlDeviceHandle device, out uint index)
        {
            index = 0;
            return Enter("nvmlDeviceGetIndex") ?? _api.DeviceGetIndex(device, out index);
        }

        public NvmlReturn DeviceGetUuid(NvmlDeviceHandle device, out string uuid)
        {
            uuid = string.Empty;
            return Enter("nvmlDeviceGetUUID") ?? _api.DeviceGetUuid(device, out uuid);
        }

        public NvmlReturn DeviceGetName(NvmlDeviceHandle device, out string name)
        {
            name = string.Empty;
            return Enter("nvmlDeviceGetName") ?? _api.DeviceGetName(device, out name);
        }

        public NvmlReturn DeviceGetBrand(NvmlDeviceHandle device, out int brand)
        {
            brand = 0;
            return Enter("nvmlDeviceGetBrand") ?? _api.DeviceGetBrand(device, out brand);
        }

        public NvmlReturn DeviceGetArchitecture(NvmlDeviceHandle device, out uint architecture)
        {
            architecture = 0;
            return Enter("nvmlDeviceGetArchitecture") ?? _api.DeviceGetArchitecture(device, out architecture);
        }

        public NvmlReturn DeviceGetCudaComputeCapability(NvmlDeviceHandle device, out int major, out int minor)
        {
            major = minor = 0;
            return Enter("nvmlDeviceGetCudaComputeCapability") ?? _api.DeviceGetCudaComputeCapability(device, out major, out minor);
        }

        public NvmlReturn DeviceGetMemoryInfo(NvmlDeviceHandle device, out NvmlMemoryV2 memory)
        {
            memory = default;
            return Enter("nvmlDeviceGetMemoryInfo_v2") ?? _api.DeviceGetMemoryInfo(device, out memory);
        }

        public NvmlReturn DeviceGetMinorNumber(NvmlDeviceHandle device, out uint minorNumber)
        {
            minorNumber = 0;
            return Enter("nvmlDeviceGetMinorNumber") ?? _api.DeviceGetMinorNumber(device, out minorNumber);
        }

        public NvmlReturn DeviceGetPciInfo(NvmlDeviceHandle device, out NvmlPciInfo pci)
        {
            pci = default;
            return Enter("nvmlDeviceGetPciInfo_v3") ?? _api.DeviceGetPciInfo(device, out pci);
        }

        public NvmlReturn DeviceGetPersistenceMode(NvmlDeviceHandle device, out NvmlEnableState mode)
        {
            mode = default;
            return Enter("nvmlDeviceGetPersistenceMode") ?? _api.DeviceGetPersistenceMode(device, out mode);
        }

        public NvmlReturn DeviceSetPersistenceMode(NvmlDeviceHandle device, NvmlEnableState mode) =>
            Enter("nvmlDeviceSetPersistenceMode") ?? _api.DeviceSetPersistenceMode(device, mode);

        public NvmlReturn DeviceGetMigMode(NvmlDeviceHandle device, out uint currentMode, out uint pendingMode)
        {
            currentMode = pendingMode = 0;
            return Enter("nvmlDeviceGetMigMode") ?? _api.DeviceGetMigMode(device, out currentMode, out pendingMode);
        }

        public NvmlReturn DeviceGetComputeRunningProcesses(NvmlDeviceHandle device, ref uint count, Span<NvmlProcessInfo> infos) =>
            Enter("nvmlDeviceGetComputeRunningProcesses_v3") ?? _api.DeviceGetComputeRunningProcesses(device, ref count, infos);

        // Null to go on; otherwise what the call answers. A call through an unloaded load is what would crash on a
        // real library: it is counted and answers UNINITIALIZED.
        private NvmlReturn? Enter(string function)
        {
            fake.BeforeCall?.Invoke(function);
            if (load.IsUnloaded)
            {
                Interlocked.Increment(ref fake._callsAfterUnload);
                return NvmlReturn.Uninitialized;
            }

            return null;
        }
    }
}
