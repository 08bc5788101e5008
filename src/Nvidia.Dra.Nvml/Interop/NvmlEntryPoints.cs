namespace Nvidia.Dra.Nvml.Interop;

/// <summary>
/// NVML's entry points in one load of <c>libnvidia-ml.so.1</c>, as unmanaged function pointers resolved right after
/// the load. The runtime keeps a <c>[LibraryImport]</c> binding's address for the life of the process, so a library
/// bound that way can never be unloaded safely (a later load may map it elsewhere); this table lives exactly as long
/// as its load and is dropped before the library is freed. A pointer is null where the library lacks the export;
/// <see cref="Api.NativeNvmlApi"/> answers <see cref="NvmlReturn.FunctionNotFound"/> for those.
/// </summary>
internal sealed unsafe class NvmlEntryPoints
{
    private NvmlEntryPoints(Func<string, nint> resolve)
    {
        // Lifetime and errors.
        InitV2 = (delegate* unmanaged<NvmlReturn>)resolve("nvmlInit_v2");
        InitWithFlags = (delegate* unmanaged<uint, NvmlReturn>)resolve("nvmlInitWithFlags");
        Shutdown = (delegate* unmanaged<NvmlReturn>)resolve("nvmlShutdown");
        ErrorString = (delegate* unmanaged<NvmlReturn, byte*>)resolve("nvmlErrorString");

        // System.
        SystemGetDriverVersion = (delegate* unmanaged<byte*, uint, NvmlReturn>)resolve("nvmlSystemGetDriverVersion");
        SystemGetNvmlVersion = (delegate* unmanaged<byte*, uint, NvmlReturn>)resolve("nvmlSystemGetNVMLVersion");
        SystemGetCudaDriverVersion = (delegate* unmanaged<int*, NvmlReturn>)resolve("nvmlSystemGetCudaDriverVersion");
        SystemGetCudaDriverVersionV2 = (delegate* unmanaged<int*, NvmlReturn>)resolve("nvmlSystemGetCudaDriverVersion_v2");

        // Handles.
        DeviceGetCountV2 = (delegate* unmanaged<uint*, NvmlReturn>)resolve("nvmlDeviceGetCount_v2");
        DeviceGetCountV1 = (delegate* unmanaged<uint*, NvmlReturn>)resolve("nvmlDeviceGetCount");
        DeviceGetHandleByIndexV2 = (delegate* unmanaged<uint, nint*, NvmlReturn>)resolve("nvmlDeviceGetHandleByIndex_v2");
        DeviceGetHandleByIndexV1 = (delegate* unmanaged<uint, nint*, NvmlReturn>)resolve("nvmlDeviceGetHandleByIndex");
        DeviceGetHandleByPciBusIdV2 = (delegate* unmanaged<byte*, nint*, NvmlReturn>)resolve("nvmlDeviceGetHandleByPciBusId_v2");
        DeviceGetHandleByPciBusIdV1 = (delegate* unmanaged<byte*, nint*, NvmlReturn>)resolve("nvmlDeviceGetHandleByPciBusId");
        DeviceGetHandleByUuid = (delegate* unmanaged<byte*, nint*, NvmlReturn>)resolve("nvmlDeviceGetHandleByUUID");

        // Identity.
        DeviceGetUuid = (delegate* unmanaged<nint, byte*, uint, NvmlReturn>)resolve("nvmlDeviceGetUUID");
        DeviceGetName = (delegate* unmanaged<nint, byte*, uint, NvmlReturn>)resolve("nvmlDeviceGetName");
        DeviceGetSerial = (delegate* unmanaged<nint, byte*, uint, NvmlReturn>)resolve("nvmlDeviceGetSerial");
        DeviceGetIndex = (delegate* unmanaged<nint, uint*, NvmlReturn>)resolve("nvmlDeviceGetIndex");
        DeviceGetMinorNumber = (delegate* unmanaged<nint, uint*, NvmlReturn>)resolve("nvmlDeviceGetMinorNumber");
        DeviceGetPciInfoV3 = (delegate* unmanaged<nint, NvmlPciInfo*, NvmlReturn>)resolve("nvmlDeviceGetPciInfo_v3");
        DeviceGetPciInfoV2 = (delegate* unmanaged<nint, NvmlPciInfo*, NvmlReturn>)resolve("nvmlDeviceGetPciInfo_v2");
        DeviceGetPciInfoExt = (delegate* unmanaged<nint, NvmlPciInfoExt*, NvmlReturn>)resolve("nvmlDeviceGetPciInfoExt");
        DeviceGetBrand = (delegate* unmanaged<nint, int*, NvmlReturn>)resolve("nvmlDeviceGetBrand");
        DeviceGetArchitecture = (delegate* unmanaged<nint, uint*, NvmlReturn>)resolve("nvmlDeviceGetArchitecture");
        DeviceGetCudaComputeCapability = (delegate* unmanaged<nint, int*, int*, NvmlReturn>)resolve("nvmlDeviceGetCudaComputeCapability");
        DeviceGetNumaNodeId = (delegate* unmanaged<nint, uint*, NvmlReturn>)resolve("nvmlDeviceGetNumaNodeId");

        // Memory.
        DeviceGetMemoryInfo = (delegate* unmanaged<nint, NvmlMemory*, NvmlReturn>)resolve("nvmlDeviceGetMemoryInfo");
        DeviceGetMemoryInfoV2 = (delegate* unmanaged<nint, NvmlMemoryV2*, NvmlReturn>)resolve("nvmlDeviceGetMemoryInfo_v2");
        DeviceGetBar1MemoryInfo = (delegate* unmanaged<nint, NvmlBar1Memory*, NvmlReturn>)resolve("nvmlDeviceGetBAR1MemoryInfo");

        // Modes.
        DeviceGetPersistenceMode = (delegate* unmanaged<nint, NvmlEnableState*, NvmlReturn>)resolve("nvmlDeviceGetPersistenceMode");
        DeviceSetPersistenceMode = (delegate* unmanaged<nint, NvmlEnableState, NvmlReturn>)resolve("nvmlDeviceSetPersistenceMode");
        DeviceGetMigMode = (delegate* unmanaged<nint, uint*, uint*, NvmlReturn>)resolve("nvmlDeviceGetMigMode");

        // Processes.
        DeviceGetComputeRunningProcessesV3 = (delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn>)resolve("nvmlDeviceGetComputeRunningProcesses_v3");
        DeviceGetComputeRunningProcessesV2 = (delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn>)resolve("nvmlDeviceGetComputeRunningProcesses_v2");
        DeviceGetComputeRunningProcessesV1 = (delegate* unmanaged<nint, uint*, NvmlProcessInfoV1*, NvmlReturn>)resolve("nvmlDeviceGetComputeRunningProcesses");
        DeviceGetGraphicsRunningProcessesV3 = (delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn>)resolve("nvmlDeviceGetGraphicsRunningProcesses_v3");

        // Drain, removal and rediscovery: bound for completeness of nvml.md's list; nothing in this package calls them
        // yet, and none of them is ever run on shared hardware.
        DeviceQueryDrainState = (delegate* unmanaged<NvmlPciInfo*, NvmlEnableState*, NvmlReturn>)resolve("nvmlDeviceQueryDrainState");
        DeviceModifyDrainState = (delegate* unmanaged<NvmlPciInfo*, NvmlEnableState, NvmlReturn>)resolve("nvmlDeviceModifyDrainState");
        DeviceRemoveGpuV2 = (delegate* unmanaged<NvmlPciInfo*, int, int, NvmlReturn>)resolve("nvmlDeviceRemoveGpu_v2");
        DeviceDiscoverGpus = (delegate* unmanaged<NvmlPciInfo*, NvmlReturn>)resolve("nvmlDeviceDiscoverGpus");

        Exports = new Loading.NvmlExports(
            InitWithFlags != null,
            DeviceGetCountV2 != null,
            DeviceGetHandleByIndexV2 != null,
            DeviceGetHandleByPciBusIdV2 != null,
            DeviceGetPciInfoV3 != null,
            DeviceGetMemoryInfoV2 != null,
            DeviceGetComputeRunningProcessesV3 != null,
            DeviceGetComputeRunningProcessesV2 != null);
    }

    /// <summary>Which versioned entry points this load has, read off the table itself.</summary>
    public Loading.NvmlExports Exports { get; }

    /// <summary>Every export name the table asks for, in binding order.</summary>
    public static IReadOnlyList<string> ExportNames { get; } = CollectNames();

    /// <summary><c>nvmlInit_v2(void)</c>.</summary>
    public delegate* unmanaged<NvmlReturn> InitV2 { get; }

    /// <summary><c>nvmlInitWithFlags(unsigned int flags)</c>.</summary>
    public delegate* unmanaged<uint, NvmlReturn> InitWithFlags { get; }

    /// <summary><c>nvmlShutdown(void)</c>.</summary>
    public delegate* unmanaged<NvmlReturn> Shutdown { get; }

    /// <summary><c>const char* nvmlErrorString(nvmlReturn_t)</c>: a static string that must never be freed.</summary>
    public delegate* unmanaged<NvmlReturn, byte*> ErrorString { get; }

    /// <summary><c>nvmlSystemGetDriverVersion(char *version, unsigned int length)</c>.</summary>
    public delegate* unmanaged<byte*, uint, NvmlReturn> SystemGetDriverVersion { get; }

    /// <summary><c>nvmlSystemGetNVMLVersion(char *version, unsigned int length)</c>.</summary>
    public delegate* unmanaged<byte*, uint, NvmlReturn> SystemGetNvmlVersion { get; }

    /// <summary><c>nvmlSystemGetCudaDriverVersion(int *)</c>: known even without libcuda.</summary>
    public delegate* unmanaged<int*, NvmlReturn> SystemGetCudaDriverVersion { get; }

    /// <summary><c>nvmlSystemGetCudaDriverVersion_v2(int *)</c>: asks libcuda; <c>LIBRARY_NOT_FOUND</c> without it.</summary>
    public delegate* unmanaged<int*, NvmlReturn> SystemGetCudaDriverVersionV2 { get; }

    /// <summary><c>nvmlDeviceGetCount_v2(unsigned int *)</c>.</summary>
    public delegate* unmanaged<uint*, NvmlReturn> DeviceGetCountV2 { get; }

    /// <summary><c>nvmlDeviceGetCount(unsigned int *)</c>: fallback for drivers without the <c>_v2</c> export.</summary>
    public delegate* unmanaged<uint*, NvmlReturn> DeviceGetCountV1 { get; }

    /// <summary><c>nvmlDeviceGetHandleByIndex_v2(unsigned int, nvmlDevice_t *)</c>.</summary>
    public delegate* unmanaged<uint, nint*, NvmlReturn> DeviceGetHandleByIndexV2 { get; }

    /// <summary><c>nvmlDeviceGetHandleByIndex(unsigned int, nvmlDevice_t *)</c>: fallback.</summary>
    public delegate* unmanaged<uint, nint*, NvmlReturn> DeviceGetHandleByIndexV1 { get; }

    /// <summary><c>nvmlDeviceGetHandleByPciBusId_v2(const char *, nvmlDevice_t *)</c>.</summary>
    public delegate* unmanaged<byte*, nint*, NvmlReturn> DeviceGetHandleByPciBusIdV2 { get; }

    /// <summary><c>nvmlDeviceGetHandleByPciBusId(const char *, nvmlDevice_t *)</c>: fallback.</summary>
    public delegate* unmanaged<byte*, nint*, NvmlReturn> DeviceGetHandleByPciBusIdV1 { get; }

    /// <summary><c>nvmlDeviceGetHandleByUUID(const char *, nvmlDevice_t *)</c>.</summary>
    public delegate* unmanaged<byte*, nint*, NvmlReturn> DeviceGetHandleByUuid { get; }

    /// <summary><c>nvmlDeviceGetUUID(nvmlDevice_t, char *, unsigned int)</c>.</summary>
    public delegate* unmanaged<nint, byte*, uint, NvmlReturn> DeviceGetUuid { get; }

    /// <summary><c>nvmlDeviceGetName(nvmlDevice_t, char *, unsigned int)</c>.</summary>
    public delegate* unmanaged<nint, byte*, uint, NvmlReturn> DeviceGetName { get; }

    /// <summary><c>nvmlDeviceGetSerial(nvmlDevice_t, char *, unsigned int)</c>.</summary>
    public delegate* unmanaged<nint, byte*, uint, NvmlReturn> DeviceGetSerial { get; }

    /// <summary><c>nvmlDeviceGetIndex(nvmlDevice_t, unsigned int *)</c>.</summary>
    public delegate* unmanaged<nint, uint*, NvmlReturn> DeviceGetIndex { get; }

    /// <summary><c>nvmlDeviceGetMinorNumber(nvmlDevice_t, unsigned int *)</c>.</summary>
    public delegate* unmanaged<nint, uint*, NvmlReturn> DeviceGetMinorNumber { get; }

    /// <summary><c>nvmlDeviceGetPciInfo_v3(nvmlDevice_t, nvmlPciInfo_t *)</c>.</summary>
    public delegate* unmanaged<nint, NvmlPciInfo*, NvmlReturn> DeviceGetPciInfoV3 { get; }

    /// <summary><c>nvmlDeviceGetPciInfo_v2(nvmlDevice_t, nvmlPciInfo_t *)</c>: fallback, same struct.</summary>
    public delegate* unmanaged<nint, NvmlPciInfo*, NvmlReturn> DeviceGetPciInfoV2 { get; }

    /// <summary><c>nvmlDeviceGetPciInfoExt(nvmlDevice_t, nvmlPciInfoExt_t *)</c>; set the version first.</summary>
    public delegate* unmanaged<nint, NvmlPciInfoExt*, NvmlReturn> DeviceGetPciInfoExt { get; }

    /// <summary><c>nvmlDeviceGetBrand(nvmlDevice_t, nvmlBrandType_t *)</c>.</summary>
    public delegate* unmanaged<nint, int*, NvmlReturn> DeviceGetBrand { get; }

    /// <summary><c>nvmlDeviceGetArchitecture(nvmlDevice_t, nvmlDeviceArchitecture_t *)</c> (an unsigned int).</summary>
    public delegate* unmanaged<nint, uint*, NvmlReturn> DeviceGetArchitecture { get; }

    /// <summary><c>nvmlDeviceGetCudaComputeCapability(nvmlDevice_t, int *, int *)</c>.</summary>
    public delegate* unmanaged<nint, int*, int*, NvmlReturn> DeviceGetCudaComputeCapability { get; }

    /// <summary><c>nvmlDeviceGetNumaNodeId(nvmlDevice_t, unsigned int *)</c>.</summary>
    public delegate* unmanaged<nint, uint*, NvmlReturn> DeviceGetNumaNodeId { get; }

    /// <summary><c>nvmlDeviceGetMemoryInfo(nvmlDevice_t, nvmlMemory_t *)</c>.</summary>
    public delegate* unmanaged<nint, NvmlMemory*, NvmlReturn> DeviceGetMemoryInfo { get; }

    /// <summary><c>nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t, nvmlMemory_v2_t *)</c>; set the version first.</summary>
    public delegate* unmanaged<nint, NvmlMemoryV2*, NvmlReturn> DeviceGetMemoryInfoV2 { get; }

    /// <summary><c>nvmlDeviceGetBAR1MemoryInfo(nvmlDevice_t, nvmlBAR1Memory_t *)</c>.</summary>
    public delegate* unmanaged<nint, NvmlBar1Memory*, NvmlReturn> DeviceGetBar1MemoryInfo { get; }

    /// <summary><c>nvmlDeviceGetPersistenceMode(nvmlDevice_t, nvmlEnableState_t *)</c>.</summary>
    public delegate* unmanaged<nint, NvmlEnableState*, NvmlReturn> DeviceGetPersistenceMode { get; }

    /// <summary><c>nvmlDeviceSetPersistenceMode(nvmlDevice_t, nvmlEnableState_t)</c> (root only).</summary>
    public delegate* unmanaged<nint, NvmlEnableState, NvmlReturn> DeviceSetPersistenceMode { get; }

    /// <summary><c>nvmlDeviceGetMigMode(nvmlDevice_t, unsigned int *current, unsigned int *pending)</c>.</summary>
    public delegate* unmanaged<nint, uint*, uint*, NvmlReturn> DeviceGetMigMode { get; }

    /// <summary><c>nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *)</c>.</summary>
    public delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn> DeviceGetComputeRunningProcessesV3 { get; }

    /// <summary><c>nvmlDeviceGetComputeRunningProcesses_v2</c>: fallback, same struct.</summary>
    public delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn> DeviceGetComputeRunningProcessesV2 { get; }

    /// <summary><c>nvmlDeviceGetComputeRunningProcesses</c>: oldest fallback, with the 16-byte v1 struct.</summary>
    public delegate* unmanaged<nint, uint*, NvmlProcessInfoV1*, NvmlReturn> DeviceGetComputeRunningProcessesV1 { get; }

    /// <summary><c>nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *)</c>.</summary>
    public delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn> DeviceGetGraphicsRunningProcessesV3 { get; }

    /// <summary><c>nvmlDeviceQueryDrainState(nvmlPciInfo_t *, nvmlEnableState_t *)</c>.</summary>
    public delegate* unmanaged<NvmlPciInfo*, NvmlEnableState*, NvmlReturn> DeviceQueryDrainState { get; }

    /// <summary><c>nvmlDeviceModifyDrainState(nvmlPciInfo_t *, nvmlEnableState_t)</c>.</summary>
    public delegate* unmanaged<NvmlPciInfo*, NvmlEnableState, NvmlReturn> DeviceModifyDrainState { get; }

    /// <summary><c>nvmlDeviceRemoveGpu_v2(nvmlPciInfo_t *, nvmlDetachGpuState_t, nvmlPcieLinkState_t)</c>.</summary>
    public delegate* unmanaged<NvmlPciInfo*, int, int, NvmlReturn> DeviceRemoveGpuV2 { get; }

    /// <summary><c>nvmlDeviceDiscoverGpus(nvmlPciInfo_t *)</c>.</summary>
    public delegate* unmanaged<NvmlPciInfo*, NvmlReturn> DeviceDiscoverGpus { get; }

    /// <summary>Resolves every entry point through <paramref name="resolve"/> (an export's address, or 0 where the
    /// library lacks it), typically <see cref="System.Runtime.InteropServices.NativeLibrary.TryGetExport"/> on the
    /// handle just loaded.</summary>
    public static NvmlEntryPoints Bind(Func<string, nint> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return new NvmlEntryPoints(resolve);
    }

    // The names come from the binding itself, so the list cannot drift from what is resolved.
    private static string[] CollectNames()
    {
        var names = new List<string>();
        _ = new NvmlEntryPoints(name =>
        {
            names.Add(name);
            return 0;
        });
        return [.. names];
    }
}
