using System.Runtime.InteropServices;
using System.Text;
using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Nvml.Tests.Interop;

/// <summary>
/// One H200 behind NVML's C signatures: [UnmanagedCallersOnly] functions whose addresses stand in for the exports of
/// a loaded libnvidia-ml, so the function-pointer table and its hand-written marshalling run for real (calls go
/// through unmanaged pointers, strings arrive as NUL-terminated UTF-8, results leave through out pointers).
/// Static state: the tests that use it are in one class, which xunit runs one test at a time.
/// </summary>
internal static unsafe class UnmanagedNvmlFake
{
    public const nint Device = 0x4242;
    public const string BusId = "0000:3b:00.0";
    public const string Uuid = "GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c";
    public const string Name = "NVIDIA H200";

    private static readonly nint ErrorText = Marshal.StringToCoTaskMemUTF8("fake NVML error");

    public static uint InitFlags { get; private set; }

    public static int Inits { get; private set; }

    public static int Shutdowns { get; private set; }

    public static List<string> HandleLookups { get; } = [];

    public static List<uint> PersistenceSets { get; } = [];

    public static uint[] ProcessIds { get; set; } = [];

    private static bool Initialized { get; set; }

    /// <summary>Forgets every call.</summary>
    public static void Reset()
    {
        InitFlags = 0;
        Inits = Shutdowns = 0;
        Initialized = false;
        HandleLookups.Clear();
        PersistenceSets.Clear();
        ProcessIds = [];
    }

    /// <summary>The address of each export this fake has, or 0; <paramref name="missing"/> names exports to leave out,
    /// as an older driver would.</summary>
    public static nint Resolve(string name, IReadOnlySet<string>? missing = null)
    {
        if (missing is not null && missing.Contains(name))
        {
            return 0;
        }

        return name switch
        {
            "nvmlInitWithFlags" => (nint)(delegate* unmanaged<uint, NvmlReturn>)&InitWithFlags,
            "nvmlInit_v2" => (nint)(delegate* unmanaged<NvmlReturn>)&InitV2,
            "nvmlShutdown" => (nint)(delegate* unmanaged<NvmlReturn>)&Shutdown,
            "nvmlErrorString" => (nint)(delegate* unmanaged<NvmlReturn, byte*>)&ErrorString,
            "nvmlSystemGetDriverVersion" => (nint)(delegate* unmanaged<byte*, uint, NvmlReturn>)&DriverVersion,
            "nvmlSystemGetNVMLVersion" => (nint)(delegate* unmanaged<byte*, uint, NvmlReturn>)&NvmlVersion,
            "nvmlSystemGetCudaDriverVersion" => (nint)(delegate* unmanaged<int*, NvmlReturn>)&CudaDriverVersion,
            "nvmlDeviceGetCount_v2" => (nint)(delegate* unmanaged<uint*, NvmlReturn>)&Count,
            "nvmlDeviceGetHandleByIndex_v2" => (nint)(delegate* unmanaged<uint, nint*, NvmlReturn>)&HandleByIndex,
            "nvmlDeviceGetHandleByPciBusId_v2" => (nint)(delegate* unmanaged<byte*, nint*, NvmlReturn>)&HandleByBusId,
            "nvmlDeviceGetHandleByUUID" => (nint)(delegate* unmanaged<byte*, nint*, NvmlReturn>)&HandleByUuid,
            "nvmlDeviceGetIndex" => (nint)(delegate* unmanaged<nint, uint*, NvmlReturn>)&Index,
            "nvmlDeviceGetUUID" => (nint)(delegate* unmanaged<nint, byte*, uint, NvmlReturn>)&DeviceUuid,
            "nvmlDeviceGetName" => (nint)(delegate* unmanaged<nint, byte*, uint, NvmlReturn>)&DeviceName,
            "nvmlDeviceGetMinorNumber" => (nint)(delegate* unmanaged<nint, uint*, NvmlReturn>)&MinorNumber,
            "nvmlDeviceGetPciInfo_v3" => (nint)(delegate* unmanaged<nint, NvmlPciInfo*, NvmlReturn>)&PciInfo,
            "nvmlDeviceGetBrand" => (nint)(delegate* unmanaged<nint, int*, NvmlReturn>)&Brand,
            "nvmlDeviceGetArchitecture" => (nint)(delegate* unmanaged<nint, uint*, NvmlReturn>)&Architecture,
            "nvmlDeviceGetCudaComputeCapability" => (nint)(delegate* unmanaged<nint, int*, int*, NvmlReturn>)&ComputeCapability,
            "nvmlDeviceGetMemoryInfo_v2" => (nint)(delegate* unmanaged<nint, NvmlMemoryV2*, NvmlReturn>)&MemoryV2,
            "nvmlDeviceGetMemoryInfo" => (nint)(delegate* unmanaged<nint, NvmlMemory*, NvmlReturn>)&MemoryV1,
            "nvmlDeviceGetPersistenceMode" => (nint)(delegate* unmanaged<nint, NvmlEnableState*, NvmlReturn>)&GetPersistence,
            "nvmlDeviceSetPersistenceMode" => (nint)(delegate* unmanaged<nint, NvmlEnableState, NvmlReturn>)&SetPersistence,
            "nvmlDeviceGetMigMode" => (nint)(delegate* unmanaged<nint, uint*, uint*, NvmlReturn>)&MigMode,
            "nvmlDeviceGetComputeRunningProcesses_v3" => (nint)(delegate* unmanaged<nint, uint*, NvmlProcessInfo*, NvmlReturn>)&ProcessesV3,
            "nvmlDeviceGetComputeRunningProcesses" => (nint)(delegate* unmanaged<nint, uint*, NvmlProcessInfoV1*, NvmlReturn>)&ProcessesV1,
            _ => 0,
        };
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn InitWithFlags(uint flags)
    {
        InitFlags = flags;
        Inits++;
        Initialized = true;
        return NvmlReturn.Success;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn InitV2()
    {
        Inits++;
        Initialized = true;
        return NvmlReturn.Success;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn Shutdown()
    {
        Shutdowns++;
        Initialized = false;
        return NvmlReturn.Success;
    }

    [UnmanagedCallersOnly]
    private static byte* ErrorString(NvmlReturn code) => (byte*)ErrorText;

    [UnmanagedCallersOnly]
    private static NvmlReturn DriverVersion(byte* buffer, uint length) => Write("580.159.04", buffer, length);

    [UnmanagedCallersOnly]
    private static NvmlReturn NvmlVersion(byte* buffer, uint length) => Write("13.580.159.04", buffer, length);

    [UnmanagedCallersOnly]
    private static NvmlReturn CudaDriverVersion(int* version)
    {
        *version = 13000;
        return Ready();
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn Count(uint* count)
    {
        *count = 1;
        return Ready();
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn HandleByIndex(uint index, nint* device)
    {
        *device = index == 0 ? Device : 0;
        return index == 0 ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn HandleByBusId(byte* busId, nint* device) => Lookup(busId, BusId, device);

    [UnmanagedCallersOnly]
    private static NvmlReturn HandleByUuid(byte* uuid, nint* device) => Lookup(uuid, Uuid, device);

    [UnmanagedCallersOnly]
    private static NvmlReturn Index(nint device, uint* index) => Out(device, index, 0u);

    [UnmanagedCallersOnly]
    private static NvmlReturn DeviceUuid(nint device, byte* buffer, uint length) =>
        device == Device ? Write(Uuid, buffer, length) : NvmlReturn.InvalidArgument;

    [UnmanagedCallersOnly]
    private static NvmlReturn DeviceName(nint device, byte* buffer, uint length) =>
        device == Device ? Write(Name, buffer, length) : NvmlReturn.InvalidArgument;

    [UnmanagedCallersOnly]
    private static NvmlReturn MinorNumber(nint device, uint* minor) => Out(device, minor, 3u);

    [UnmanagedCallersOnly]
    private static NvmlReturn PciInfo(nint device, NvmlPciInfo* pci) =>
        Out(device, pci, NvmlPciInfo.Create(0, 0x3b, 0, 0x233510de, 0x18ef10de));

    [UnmanagedCallersOnly]
    private static NvmlReturn Brand(nint device, int* brand) => Out(device, brand, (int)NvmlBrand.Nvidia);

    [UnmanagedCallersOnly]
    private static NvmlReturn Architecture(nint device, uint* architecture) => Out(device, architecture, (uint)NvmlArchitecture.Hopper);

    [UnmanagedCallersOnly]
    private static NvmlReturn ComputeCapability(nint device, int* major, int* minor)
    {
        *major = 9;
        *minor = 0;
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn MemoryV2(nint device, NvmlMemoryV2* memory)
    {
        if (memory->Version != NvmlMemoryV2.Version2)
        {
            return NvmlReturn.ArgumentVersionMismatch;
        }

        memory->Total = 150754820096;
        memory->Reserved = 1;
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn MemoryV1(nint device, NvmlMemory* memory)
    {
        memory->Total = 150754820096 - 1024;
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn GetPersistence(nint device, NvmlEnableState* mode) => Out(device, mode, NvmlEnableState.Enabled);

    [UnmanagedCallersOnly]
    private static NvmlReturn SetPersistence(nint device, NvmlEnableState mode)
    {
        PersistenceSets.Add((uint)mode);
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn MigMode(nint device, uint* current, uint* pending)
    {
        *current = 0;
        *pending = 1;
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn ProcessesV3(nint device, uint* count, NvmlProcessInfo* infos)
    {
        var needed = (uint)ProcessIds.Length;
        if (*count < needed)
        {
            *count = needed;
            return NvmlReturn.InsufficientSize;
        }

        for (var i = 0; i < needed; i++)
        {
            infos[i] = new NvmlProcessInfo { Pid = ProcessIds[i], UsedGpuMemory = 1 };
        }

        *count = needed;
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    [UnmanagedCallersOnly]
    private static NvmlReturn ProcessesV1(nint device, uint* count, NvmlProcessInfoV1* infos)
    {
        var needed = (uint)ProcessIds.Length;
        if (*count < needed)
        {
            *count = needed;
            return NvmlReturn.InsufficientSize;
        }

        for (var i = 0; i < needed; i++)
        {
            infos[i] = new NvmlProcessInfoV1 { Pid = ProcessIds[i], UsedGpuMemory = 1 };
        }

        *count = needed;
        return device == Device ? Ready() : NvmlReturn.InvalidArgument;
    }

    private static NvmlReturn Ready() => Initialized ? NvmlReturn.Success : NvmlReturn.Uninitialized;

    private static NvmlReturn Out<T>(nint device, T* target, T value)
        where T : unmanaged
    {
        if (device != Device)
        {
            return NvmlReturn.InvalidArgument;
        }

        *target = value;
        return Ready();
    }

    private static NvmlReturn Lookup(byte* text, string expected, nint* device)
    {
        var value = Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
        HandleLookups.Add(value);
        var found = string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
        *device = found ? Device : 0;
        return found ? Ready() : NvmlReturn.NotFound;
    }

    private static NvmlReturn Write(string text, byte* buffer, uint length)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length + 1 > length)
        {
            return NvmlReturn.InsufficientSize;
        }

        bytes.CopyTo(new Span<byte>(buffer, bytes.Length));
        buffer[bytes.Length] = 0;
        return Ready();
    }
}
