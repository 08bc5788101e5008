using Nvidia.Dra.Nvml;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Testing.Nvml;

public sealed partial class FakeNvml
{
    /// <summary>NVML's raw calls over the fake's state, with NVML's status codes and buffer semantics.</summary>
    private sealed class Api(FakeNvml fake) : INvmlApi
    {
        public NvmlReturn Init(NvmlInitFlags flags)
        {
            lock (fake._gate)
            {
                if (Injected("nvmlInitWithFlags") is { } failure)
                {
                    return failure;
                }

                if (!flags.HasFlag(NvmlInitFlags.NoGpus) && !fake._gpus.Any(state => state.Attached))
                {
                    return NvmlReturn.GpuNotFound;
                }

                fake._initialized = true;
                fake.InitCount++;
                return NvmlReturn.Success;
            }
        }

        public NvmlReturn Shutdown()
        {
            lock (fake._gate)
            {
                if (Injected("nvmlShutdown") is { } failure)
                {
                    return failure;
                }

                fake._initialized = false;
                fake.ShutdownCount++;
                return NvmlReturn.Success;
            }
        }

        public string ErrorString(NvmlReturn code) => $"fake: {code}";

        public NvmlReturn SystemGetDriverVersion(out string version)
        {
            version = fake.DriverVersion;
            return Call("nvmlSystemGetDriverVersion");
        }

        public NvmlReturn SystemGetNvmlVersion(out string version)
        {
            version = fake.NvmlVersion;
            return Call("nvmlSystemGetNVMLVersion");
        }

        public NvmlReturn SystemGetCudaDriverVersion(out int version)
        {
            version = fake.CudaDriverVersion;
            return Call("nvmlSystemGetCudaDriverVersion");
        }

        public NvmlReturn DeviceGetCount(out uint count)
        {
            lock (fake._gate)
            {
                count = (uint)Attached().Count;
                return Call("nvmlDeviceGetCount_v2");
            }
        }

        public NvmlReturn DeviceGetHandleByIndex(uint index, out NvmlDeviceHandle device)
        {
            lock (fake._gate)
            {
                device = default;
                var attached = Attached();
                if (Call("nvmlDeviceGetHandleByIndex_v2") is not NvmlReturn.Success and var failure)
                {
                    return failure;
                }

                if (index >= attached.Count)
                {
                    return NvmlReturn.InvalidArgument;
                }

                device = Handle(attached[(int)index]);
                return NvmlReturn.Success;
            }
        }

        public NvmlReturn DeviceGetHandleByUuid(string uuid, out NvmlDeviceHandle device)
        {
            lock (fake._gate)
            {
                device = default;
                if (Call("nvmlDeviceGetHandleByUUID") is not NvmlReturn.Success and var failure)
                {
                    return failure;
                }

                var state = Attached().FirstOrDefault(gpu => gpu.Gpu.Uuid == uuid);
                if (state is null)
                {
                    return NvmlReturn.NotFound;
                }

                device = Handle(state);
                return NvmlReturn.Success;
            }
        }

        public NvmlReturn DeviceGetHandleByPciBusId(string pciBusId, out NvmlDeviceHandle device)
        {
            lock (fake._gate)
            {
                device = default;
                if (Call("nvmlDeviceGetHandleByPciBusId_v2") is not NvmlReturn.Success and var failure)
                {
                    return failure;
                }

                // NVML accepts several spellings; an unparsable one is an invalid argument.
                if (!NvmlPciBusId.TryNormalize(pciBusId, out var busId))
                {
                    return NvmlReturn.InvalidArgument;
                }

                var state = Attached().FirstOrDefault(gpu => gpu.Gpu.PciBusId == busId);
                if (state is null)
                {
                    return NvmlReturn.NotFound;
                }

                device = Handle(state);
                return NvmlReturn.Success;
            }
        }

        public NvmlReturn DeviceGetIndex(NvmlDeviceHandle device, out uint index)
        {
            lock (fake._gate)
            {
                index = 0;
                var result = Device("nvmlDeviceGetIndex", device, out var state);
                if (result == NvmlReturn.Success)
                {
                    index = (uint)Attached().IndexOf(state!);
                }

                return result;
            }
        }

        public NvmlReturn DeviceGetUuid(NvmlDeviceHandle device, out string uuid) =>
            Read("nvmlDeviceGetUUID", device, state => state.Gpu.Uuid, string.Empty, out uuid);

        public NvmlReturn DeviceGetName(NvmlDeviceHandle device, out string name) =>
            Read("nvmlDeviceGetName", device, state => state.Gpu.Name, string.Empty, out name);

        public NvmlReturn DeviceGetBrand(NvmlDeviceHandle device, out int brand) =>
            Read("nvmlDeviceGetBrand", device, state => (int)state.Gpu.Brand, 0, out brand);

        public NvmlReturn DeviceGetArchitecture(NvmlDeviceHandle device, out uint architecture) =>
            Read("nvmlDeviceGetArchitecture", device, state => (uint)state.Gpu.Architecture, 0u, out architecture);

        public NvmlReturn DeviceGetCudaComputeCapability(NvmlDeviceHandle device, out int major, out int minor)
        {
            var result = Read("nvmlDeviceGetCudaComputeCapability", device, state => state.Gpu.ComputeCapability, default, out var capability);
            (major, minor) = (capability.Major, capability.Minor);
            return result;
        }

        public NvmlReturn DeviceGetMemoryInfo(NvmlDeviceHandle device, out NvmlMemoryV2 memory) =>
            Read(
                "nvmlDeviceGetMemoryInfo_v2",
                device,
                state => new NvmlMemoryV2 { Version = NvmlMemoryV2.Version2, Total = state.Gpu.MemoryTotalBytes, Free = state.Gpu.MemoryTotalBytes },
                default,
                out memory);

        public NvmlReturn DeviceGetMinorNumber(NvmlDeviceHandle device, out uint minorNumber) =>
            Read("nvmlDeviceGetMinorNumber", device, state => (uint)state.Gpu.MinorNumber, 0u, out minorNumber);

        public NvmlReturn DeviceGetPciInfo(NvmlDeviceHandle device, out NvmlPciInfo pci) =>
            Read("nvmlDeviceGetPciInfo_v3", device, PciInfo, default, out pci);

        public NvmlReturn DeviceGetPersistenceMode(NvmlDeviceHandle device, out NvmlEnableState mode) =>
            Read(
                "nvmlDeviceGetPersistenceMode",
                device,
                state => state.PersistenceModeEnabled ? NvmlEnableState.Enabled : NvmlEnableState.Disabled,
                NvmlEnableState.Disabled,
                out mode);

        public NvmlReturn DeviceSetPersistenceMode(NvmlDeviceHandle device, NvmlEnableState mode)
        {
            lock (fake._gate)
            {
                var result = Device("nvmlDeviceSetPersistenceMode", device, out var state);
                if (result == NvmlReturn.Success)
                {
                    state!.PersistenceModeEnabled = mode == NvmlEnableState.Enabled;
                    fake._persistenceChanges.Add(new PersistenceModeChange(state.Gpu.PciBusId, state.PersistenceModeEnabled));
                }

                return result;
            }
        }

        public NvmlReturn DeviceGetMigMode(NvmlDeviceHandle device, out uint currentMode, out uint pendingMode)
        {
            lock (fake._gate)
            {
                (currentMode, pendingMode) = (0, 0);
                var result = Device("nvmlDeviceGetMigMode", device, out var state);
                if (result != NvmlReturn.Success)
                {
                    return result;
                }

                if (state!.Gpu.MigMode is not { } mig)
                {
                    return NvmlReturn.NotSupported;
                }

                (currentMode, pendingMode) = (mig.CurrentEnabled ? 1u : 0u, mig.PendingEnabled ? 1u : 0u);
                return NvmlReturn.Success;
            }
        }

        public NvmlReturn DeviceGetComputeRunningProcesses(NvmlDeviceHandle device, ref uint count, Span<NvmlProcessInfo> infos)
        {
            lock (fake._gate)
            {
                var result = Device("nvmlDeviceGetComputeRunningProcesses_v3", device, out var state);
                if (result != NvmlReturn.Success)
                {
                    return result;
                }

                var pids = state!.ComputeProcessIds;
                var capacity = Math.Min(count, (uint)infos.Length);
                count = (uint)pids.Count;
                if (pids.Count > capacity)
                {
                    return NvmlReturn.InsufficientSize;
                }

                for (var i = 0; i < pids.Count; i++)
                {
                    infos[i] = new NvmlProcessInfo { Pid = (uint)pids[i], GpuInstanceId = uint.MaxValue, ComputeInstanceId = uint.MaxValue };
                }

                return NvmlReturn.Success;
            }
        }

        private static NvmlPciInfo PciInfo(GpuState state)
        {
            var parts = state.Gpu.PciBusId.Split(':', '.');
            return NvmlPciInfo.Create(
                Convert.ToUInt32(parts[0], 16),
                Convert.ToUInt32(parts[1], 16),
                Convert.ToUInt32(parts[2], 16),
                state.Gpu.PciDeviceId,
                state.Gpu.PciSubsystemId);
        }

        private NvmlDeviceHandle Handle(GpuState state) => new(fake._gpus.IndexOf(state) + 1);

        // NVML orders devices by PCI bus id.
        private List<GpuState> Attached() =>
            [.. fake._gpus.Where(state => state.Attached).OrderBy(state => state.Gpu.PciBusId, StringComparer.Ordinal)];

        private NvmlReturn Read<T>(string function, NvmlDeviceHandle device, Func<GpuState, T> read, T fallback, out T value)
        {
            lock (fake._gate)
            {
                var result = Device(function, device, out var state);
                value = result == NvmlReturn.Success ? read(state!) : fallback;
                return result;
            }
        }

        private NvmlReturn Device(string function, NvmlDeviceHandle device, out GpuState? state)
        {
            state = null;
            if (Call(function) is not NvmlReturn.Success and var failure)
            {
                return failure;
            }

            var position = (int)device.Value - 1;
            if (position < 0 || position >= fake._gpus.Count || !fake._gpus[position].Attached)
            {
                // A handle of a GPU that has left the nvidia driver is no longer valid.
                return NvmlReturn.InvalidArgument;
            }

            state = fake._gpus[position];
            return NvmlReturn.Success;
        }

        private NvmlReturn Call(string function)
        {
            lock (fake._gate)
            {
                if (!fake._initialized)
                {
                    return NvmlReturn.Uninitialized;
                }

                return Injected(function) ?? NvmlReturn.Success;
            }
        }

        private NvmlReturn? Injected(string function)
        {
            if (!fake._failures.TryGetValue(function, out var failure))
            {
                return null;
            }

            if (failure.Remaining != int.MaxValue)
            {
                if (failure.Remaining <= 1)
                {
                    fake._failures.Remove(function);
                }
                else
                {
                    fake._failures[function] = failure with { Remaining = failure.Remaining - 1 };
                }
            }

            return failure.Code;
        }
    }
}
