using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Api;

/// <summary><see cref="INvmlApi"/> over the loaded <c>libnvidia-ml.so.1</c>, choosing the newest export present.</summary>
internal sealed unsafe class NativeNvmlApi : INvmlApi
{
    private readonly NvmlExports _exports;

    /// <summary>Binds to <paramref name="library"/>, logging each versioned entry point that falls back.</summary>
    public NativeNvmlApi(NvmlLoadedLibrary library, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(library);
        NvmlNative.EnsureResolverRegistered();
        _exports = library.Exports;
        LogFallback(_exports.InitWithFlags, "nvmlInitWithFlags", "nvmlInit_v2");
        LogFallback(_exports.DeviceGetCountV2, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount");
        LogFallback(_exports.DeviceGetHandleByIndexV2, "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex");
        LogFallback(_exports.DeviceGetHandleByPciBusIdV2, "nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetHandleByPciBusId");
        LogFallback(_exports.DeviceGetPciInfoV3, "nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2");
        LogFallback(_exports.DeviceGetMemoryInfoV2, "nvmlDeviceGetMemoryInfo_v2", "nvmlDeviceGetMemoryInfo");
        LogFallback(
            _exports.DeviceGetComputeRunningProcessesV3,
            "nvmlDeviceGetComputeRunningProcesses_v3",
            _exports.DeviceGetComputeRunningProcessesV2 ? "nvmlDeviceGetComputeRunningProcesses_v2" : "nvmlDeviceGetComputeRunningProcesses");

        void LogFallback(bool present, string preferred, string fallback)
        {
            if (!present)
            {
                logger.VersionedEntryPointFallback(preferred, fallback);
            }
        }
    }

    /// <inheritdoc />
    public NvmlReturn Init(NvmlInitFlags flags) =>
        _exports.InitWithFlags ? NvmlNative.InitWithFlags((uint)flags) : NvmlNative.InitV2();

    /// <inheritdoc />
    public NvmlReturn Shutdown() => NvmlNative.Shutdown();

    /// <inheritdoc />
    public string ErrorString(NvmlReturn code) =>
        Marshal.PtrToStringUTF8(NvmlNative.ErrorString(code)) ?? NvmlReturnInfo.FallbackMessage(code);

    /// <inheritdoc />
    public NvmlReturn SystemGetDriverVersion(out string version)
    {
        var buffer = stackalloc byte[NvmlBufferSizes.DriverVersion];
        var result = NvmlNative.SystemGetDriverVersion(buffer, NvmlBufferSizes.DriverVersion);
        version = Text(result, buffer, NvmlBufferSizes.DriverVersion);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn SystemGetNvmlVersion(out string version)
    {
        var buffer = stackalloc byte[NvmlBufferSizes.NvmlVersion];
        var result = NvmlNative.SystemGetNvmlVersion(buffer, NvmlBufferSizes.NvmlVersion);
        version = Text(result, buffer, NvmlBufferSizes.NvmlVersion);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn SystemGetCudaDriverVersion(out int version) => NvmlNative.SystemGetCudaDriverVersion(out version);

    /// <inheritdoc />
    public NvmlReturn DeviceGetCount(out uint count) =>
        _exports.DeviceGetCountV2 ? NvmlNative.DeviceGetCountV2(out count) : NvmlNative.DeviceGetCountV1(out count);

    /// <inheritdoc />
    public NvmlReturn DeviceGetHandleByIndex(uint index, out NvmlDeviceHandle device)
    {
        nint handle;
        var result = _exports.DeviceGetHandleByIndexV2
            ? NvmlNative.DeviceGetHandleByIndexV2(index, out handle)
            : NvmlNative.DeviceGetHandleByIndexV1(index, out handle);
        device = new NvmlDeviceHandle(handle);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetHandleByUuid(string uuid, out NvmlDeviceHandle device)
    {
        var result = NvmlNative.DeviceGetHandleByUuid(uuid, out var handle);
        device = new NvmlDeviceHandle(handle);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetHandleByPciBusId(string pciBusId, out NvmlDeviceHandle device)
    {
        nint handle;
        var result = _exports.DeviceGetHandleByPciBusIdV2
            ? NvmlNative.DeviceGetHandleByPciBusIdV2(pciBusId, out handle)
            : NvmlNative.DeviceGetHandleByPciBusIdV1(pciBusId, out handle);
        device = new NvmlDeviceHandle(handle);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetIndex(NvmlDeviceHandle device, out uint index) => NvmlNative.DeviceGetIndex(device.Value, out index);

    /// <inheritdoc />
    public NvmlReturn DeviceGetUuid(NvmlDeviceHandle device, out string uuid)
    {
        var buffer = stackalloc byte[NvmlBufferSizes.Uuid];
        var result = NvmlNative.DeviceGetUuid(device.Value, buffer, NvmlBufferSizes.Uuid);
        uuid = Text(result, buffer, NvmlBufferSizes.Uuid);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetName(NvmlDeviceHandle device, out string name)
    {
        var buffer = stackalloc byte[NvmlBufferSizes.Name];
        var result = NvmlNative.DeviceGetName(device.Value, buffer, NvmlBufferSizes.Name);
        name = Text(result, buffer, NvmlBufferSizes.Name);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetBrand(NvmlDeviceHandle device, out int brand) => NvmlNative.DeviceGetBrand(device.Value, out brand);

    /// <inheritdoc />
    public NvmlReturn DeviceGetArchitecture(NvmlDeviceHandle device, out uint architecture) =>
        NvmlNative.DeviceGetArchitecture(device.Value, out architecture);

    /// <inheritdoc />
    public NvmlReturn DeviceGetCudaComputeCapability(NvmlDeviceHandle device, out int major, out int minor) =>
        NvmlNative.DeviceGetCudaComputeCapability(device.Value, out major, out minor);

    /// <inheritdoc />
    public NvmlReturn DeviceGetMemoryInfo(NvmlDeviceHandle device, out NvmlMemoryV2 memory)
    {
        if (_exports.DeviceGetMemoryInfoV2)
        {
            memory = new NvmlMemoryV2 { Version = NvmlMemoryV2.Version2 };
            var result = NvmlNative.DeviceGetMemoryInfoV2(device.Value, ref memory);
            if (result is not (NvmlReturn.FunctionNotFound or NvmlReturn.ArgumentVersionMismatch or NvmlReturn.NotSupported))
            {
                return result;
            }
        }

        var legacy = NvmlNative.DeviceGetMemoryInfo(device.Value, out var v1);
        memory = new NvmlMemoryV2 { Version = NvmlMemoryV2.Version2, Total = v1.Total, Free = v1.Free, Used = v1.Used };
        return legacy;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetMinorNumber(NvmlDeviceHandle device, out uint minorNumber) =>
        NvmlNative.DeviceGetMinorNumber(device.Value, out minorNumber);

    /// <inheritdoc />
    public NvmlReturn DeviceGetPciInfo(NvmlDeviceHandle device, out NvmlPciInfo pci) =>
        _exports.DeviceGetPciInfoV3
            ? NvmlNative.DeviceGetPciInfoV3(device.Value, out pci)
            : NvmlNative.DeviceGetPciInfoV2(device.Value, out pci);

    /// <inheritdoc />
    public NvmlReturn DeviceGetPersistenceMode(NvmlDeviceHandle device, out NvmlEnableState mode) =>
        NvmlNative.DeviceGetPersistenceMode(device.Value, out mode);

    /// <inheritdoc />
    public NvmlReturn DeviceSetPersistenceMode(NvmlDeviceHandle device, NvmlEnableState mode) =>
        NvmlNative.DeviceSetPersistenceMode(device.Value, mode);

    /// <inheritdoc />
    public NvmlReturn DeviceGetMigMode(NvmlDeviceHandle device, out uint currentMode, out uint pendingMode) =>
        NvmlNative.DeviceGetMigMode(device.Value, out currentMode, out pendingMode);

    /// <inheritdoc />
    public NvmlReturn DeviceGetComputeRunningProcesses(NvmlDeviceHandle device, ref uint count, Span<NvmlProcessInfo> infos)
    {
        count = Math.Min(count, (uint)infos.Length);
        if (_exports.DeviceGetComputeRunningProcessesV3 || _exports.DeviceGetComputeRunningProcessesV2)
        {
            fixed (NvmlProcessInfo* pointer = infos)
            {
                return _exports.DeviceGetComputeRunningProcessesV3
                    ? NvmlNative.DeviceGetComputeRunningProcessesV3(device.Value, ref count, pointer)
                    : NvmlNative.DeviceGetComputeRunningProcessesV2(device.Value, ref count, pointer);
            }
        }

        // The oldest export fills the 16-byte v1 struct; convert into the caller's buffer.
        var legacy = new NvmlProcessInfoV1[count];
        NvmlReturn result;
        fixed (NvmlProcessInfoV1* pointer = legacy)
        {
            result = NvmlNative.DeviceGetComputeRunningProcessesV1(device.Value, ref count, pointer);
        }

        if (result == NvmlReturn.Success)
        {
            for (var i = 0; i < count; i++)
            {
                infos[i] = new NvmlProcessInfo { Pid = legacy[i].Pid, UsedGpuMemory = legacy[i].UsedGpuMemory, GpuInstanceId = uint.MaxValue, ComputeInstanceId = uint.MaxValue };
            }
        }

        return result;
    }

    private static string Text(NvmlReturn result, byte* buffer, int length) =>
        result == NvmlReturn.Success ? NvmlStrings.Decode(new ReadOnlySpan<byte>(buffer, length)) : string.Empty;
}
