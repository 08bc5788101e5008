using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Loading;

namespace Nvidia.Dra.Nvml.Api;

/// <summary>
/// <see cref="INvmlApi"/> over one load of <c>libnvidia-ml.so.1</c>, through that load's entry-point table and
/// choosing the newest versioned export present. Marshalling is by hand: strings go in as NUL-terminated UTF-8 on the
/// stack, out parameters through pointers to locals. Valid only while its load is: the session that created it drops
/// it before the library is freed.
/// </summary>
internal sealed unsafe class NativeNvmlApi : INvmlApi
{
    // Longer strings (never a bus id or UUID) go to the heap instead of the stack.
    private const int StackStringBytes = 256;

    private readonly NvmlEntryPoints _entry;
    private readonly NvmlExports _exports;

    /// <summary>Calls NVML through <paramref name="entryPoints"/>, choosing the newest version each load exports.</summary>
    public NativeNvmlApi(NvmlEntryPoints entryPoints)
    {
        ArgumentNullException.ThrowIfNull(entryPoints);
        _entry = entryPoints;
        _exports = entryPoints.Exports;
    }

    /// <summary>Logs each versioned entry point of <paramref name="exports"/> that falls back to an older one.</summary>
    public static void LogFallbacks(NvmlExports exports, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(logger);
        LogFallback(exports.InitWithFlags, "nvmlInitWithFlags", "nvmlInit_v2");
        LogFallback(exports.DeviceGetCountV2, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount");
        LogFallback(exports.DeviceGetHandleByIndexV2, "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex");
        LogFallback(exports.DeviceGetHandleByPciBusIdV2, "nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetHandleByPciBusId");
        LogFallback(exports.DeviceGetPciInfoV3, "nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2");
        LogFallback(exports.DeviceGetMemoryInfoV2, "nvmlDeviceGetMemoryInfo_v2", "nvmlDeviceGetMemoryInfo");
        LogFallback(
            exports.DeviceGetComputeRunningProcessesV3,
            "nvmlDeviceGetComputeRunningProcesses_v3",
            exports.DeviceGetComputeRunningProcessesV2 ? "nvmlDeviceGetComputeRunningProcesses_v2" : "nvmlDeviceGetComputeRunningProcesses");

        void LogFallback(bool present, string preferred, string fallback)
        {
            if (!present)
            {
                logger.VersionedEntryPointFallback(preferred, fallback);
            }
        }
    }

    /// <inheritdoc />
    public NvmlReturn Init(NvmlInitFlags flags)
    {
        if (_exports.InitWithFlags)
        {
            return _entry.InitWithFlags((uint)flags);
        }

        return _entry.InitV2 != null ? _entry.InitV2() : NvmlReturn.FunctionNotFound;
    }

    /// <inheritdoc />
    public NvmlReturn Shutdown() => _entry.Shutdown != null ? _entry.Shutdown() : NvmlReturn.FunctionNotFound;

    /// <inheritdoc />
    public string ErrorString(NvmlReturn code) =>
        (_entry.ErrorString != null ? Marshal.PtrToStringUTF8((nint)_entry.ErrorString(code)) : null)
        ?? NvmlReturnInfo.FallbackMessage(code);

    /// <inheritdoc />
    public NvmlReturn SystemGetDriverVersion(out string version) =>
        Text(_entry.SystemGetDriverVersion, NvmlBufferSizes.DriverVersion, out version);

    /// <inheritdoc />
    public NvmlReturn SystemGetNvmlVersion(out string version) =>
        Text(_entry.SystemGetNvmlVersion, NvmlBufferSizes.NvmlVersion, out version);

    /// <inheritdoc />
    public NvmlReturn SystemGetCudaDriverVersion(out int version)
    {
        version = 0;
        if (_entry.SystemGetCudaDriverVersion == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        int value;
        var result = _entry.SystemGetCudaDriverVersion(&value);
        version = value;
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetCount(out uint count)
    {
        count = 0;
        var function = _exports.DeviceGetCountV2 ? _entry.DeviceGetCountV2 : _entry.DeviceGetCountV1;
        if (function == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        uint value;
        var result = function(&value);
        count = value;
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetHandleByIndex(uint index, out NvmlDeviceHandle device)
    {
        device = default;
        var function = _exports.DeviceGetHandleByIndexV2 ? _entry.DeviceGetHandleByIndexV2 : _entry.DeviceGetHandleByIndexV1;
        if (function == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        nint handle;
        var result = function(index, &handle);
        device = new NvmlDeviceHandle(handle);
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetHandleByUuid(string uuid, out NvmlDeviceHandle device) =>
        HandleByString(_entry.DeviceGetHandleByUuid, uuid, out device);

    /// <inheritdoc />
    public NvmlReturn DeviceGetHandleByPciBusId(string pciBusId, out NvmlDeviceHandle device) =>
        HandleByString(
            _exports.DeviceGetHandleByPciBusIdV2 ? _entry.DeviceGetHandleByPciBusIdV2 : _entry.DeviceGetHandleByPciBusIdV1,
            pciBusId,
            out device);

    /// <inheritdoc />
    public NvmlReturn DeviceGetIndex(NvmlDeviceHandle device, out uint index) => DeviceValue(_entry.DeviceGetIndex, device, out index);

    /// <inheritdoc />
    public NvmlReturn DeviceGetUuid(NvmlDeviceHandle device, out string uuid) =>
        DeviceText(_entry.DeviceGetUuid, device, NvmlBufferSizes.Uuid, out uuid);

    /// <inheritdoc />
    public NvmlReturn DeviceGetName(NvmlDeviceHandle device, out string name) =>
        DeviceText(_entry.DeviceGetName, device, NvmlBufferSizes.Name, out name);

    /// <inheritdoc />
    public NvmlReturn DeviceGetBrand(NvmlDeviceHandle device, out int brand) => DeviceValue(_entry.DeviceGetBrand, device, out brand);

    /// <inheritdoc />
    public NvmlReturn DeviceGetArchitecture(NvmlDeviceHandle device, out uint architecture) =>
        DeviceValue(_entry.DeviceGetArchitecture, device, out architecture);

    /// <inheritdoc />
    public NvmlReturn DeviceGetCudaComputeCapability(NvmlDeviceHandle device, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        if (_entry.DeviceGetCudaComputeCapability == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        int majorValue, minorValue;
        var result = _entry.DeviceGetCudaComputeCapability(device.Value, &majorValue, &minorValue);
        major = majorValue;
        minor = minorValue;
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetMemoryInfo(NvmlDeviceHandle device, out NvmlMemoryV2 memory)
    {
        if (_exports.DeviceGetMemoryInfoV2)
        {
            var v2 = new NvmlMemoryV2 { Version = NvmlMemoryV2.Version2 };
            var result = _entry.DeviceGetMemoryInfoV2(device.Value, &v2);
            if (result is not (NvmlReturn.FunctionNotFound or NvmlReturn.ArgumentVersionMismatch or NvmlReturn.NotSupported))
            {
                memory = v2;
                return result;
            }
        }

        memory = new NvmlMemoryV2 { Version = NvmlMemoryV2.Version2 };
        if (_entry.DeviceGetMemoryInfo == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        NvmlMemory v1;
        var legacy = _entry.DeviceGetMemoryInfo(device.Value, &v1);
        memory = new NvmlMemoryV2 { Version = NvmlMemoryV2.Version2, Total = v1.Total, Free = v1.Free, Used = v1.Used };
        return legacy;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetMinorNumber(NvmlDeviceHandle device, out uint minorNumber) =>
        DeviceValue(_entry.DeviceGetMinorNumber, device, out minorNumber);

    /// <inheritdoc />
    public NvmlReturn DeviceGetPciInfo(NvmlDeviceHandle device, out NvmlPciInfo pci) =>
        DeviceValue(_exports.DeviceGetPciInfoV3 ? _entry.DeviceGetPciInfoV3 : _entry.DeviceGetPciInfoV2, device, out pci);

    /// <inheritdoc />
    public NvmlReturn DeviceGetPersistenceMode(NvmlDeviceHandle device, out NvmlEnableState mode) =>
        DeviceValue(_entry.DeviceGetPersistenceMode, device, out mode);

    /// <inheritdoc />
    public NvmlReturn DeviceSetPersistenceMode(NvmlDeviceHandle device, NvmlEnableState mode) =>
        _entry.DeviceSetPersistenceMode != null ? _entry.DeviceSetPersistenceMode(device.Value, mode) : NvmlReturn.FunctionNotFound;

    /// <inheritdoc />
    public NvmlReturn DeviceGetMigMode(NvmlDeviceHandle device, out uint currentMode, out uint pendingMode)
    {
        currentMode = 0;
        pendingMode = 0;
        if (_entry.DeviceGetMigMode == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        uint current, pending;
        var result = _entry.DeviceGetMigMode(device.Value, &current, &pending);
        currentMode = current;
        pendingMode = pending;
        return result;
    }

    /// <inheritdoc />
    public NvmlReturn DeviceGetComputeRunningProcesses(NvmlDeviceHandle device, ref uint count, Span<NvmlProcessInfo> infos)
    {
        var capacity = Math.Min(count, (uint)infos.Length);
        var current = _exports.DeviceGetComputeRunningProcessesV3 ? _entry.DeviceGetComputeRunningProcessesV3
            : _exports.DeviceGetComputeRunningProcessesV2 ? _entry.DeviceGetComputeRunningProcessesV2
            : null;
        if (current != null)
        {
            fixed (NvmlProcessInfo* pointer = infos)
            {
                var result = current(device.Value, &capacity, pointer);
                count = capacity;
                return result;
            }
        }

        if (_entry.DeviceGetComputeRunningProcessesV1 == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        // The oldest export fills the 16-byte v1 struct; convert into the caller's buffer.
        var legacy = new NvmlProcessInfoV1[capacity];
        NvmlReturn legacyResult;
        fixed (NvmlProcessInfoV1* pointer = legacy)
        {
            legacyResult = _entry.DeviceGetComputeRunningProcessesV1(device.Value, &capacity, pointer);
        }

        count = capacity;
        if (legacyResult == NvmlReturn.Success)
        {
            for (var i = 0; i < capacity; i++)
            {
                infos[i] = new NvmlProcessInfo { Pid = legacy[i].Pid, UsedGpuMemory = legacy[i].UsedGpuMemory, GpuInstanceId = uint.MaxValue, ComputeInstanceId = uint.MaxValue };
            }
        }

        return legacyResult;
    }

    private static NvmlReturn Text(delegate* unmanaged<byte*, uint, NvmlReturn> function, int length, out string text)
    {
        text = string.Empty;
        if (function == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        var buffer = stackalloc byte[length];
        var result = function(buffer, (uint)length);
        text = Decode(result, buffer, length);
        return result;
    }

    private static NvmlReturn DeviceText(delegate* unmanaged<nint, byte*, uint, NvmlReturn> function, NvmlDeviceHandle device, int length, out string text)
    {
        text = string.Empty;
        if (function == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        var buffer = stackalloc byte[length];
        var result = function(device.Value, buffer, (uint)length);
        text = Decode(result, buffer, length);
        return result;
    }

    // One value out through a pointer to a local: default (zero) when the export is missing or the call fails early.
    private static NvmlReturn DeviceValue<T>(delegate* unmanaged<nint, T*, NvmlReturn> function, NvmlDeviceHandle device, out T value)
        where T : unmanaged
    {
        value = default;
        if (function == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        T local;
        var result = function(device.Value, &local);
        value = local;
        return result;
    }

    // What the source generator did for StringMarshalling.Utf8: a NUL-terminated UTF-8 copy for the call's duration.
    private static NvmlReturn HandleByString(delegate* unmanaged<byte*, nint*, NvmlReturn> function, string text, out NvmlDeviceHandle device)
    {
        ArgumentNullException.ThrowIfNull(text);
        device = default;
        if (function == null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        var size = Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
        Span<byte> bytes = size <= StackStringBytes ? stackalloc byte[StackStringBytes] : new byte[size];
        var written = Encoding.UTF8.GetBytes(text, bytes);
        bytes[written] = 0;
        nint handle;
        NvmlReturn result;
        fixed (byte* pointer = bytes)
        {
            result = function(pointer, &handle);
        }

        device = new NvmlDeviceHandle(handle);
        return result;
    }

    private static string Decode(NvmlReturn result, byte* buffer, int length) =>
        result == NvmlReturn.Success ? NvmlStrings.Decode(new ReadOnlySpan<byte>(buffer, length)) : string.Empty;
}
