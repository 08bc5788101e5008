using Microsoft.Extensions.Logging.Abstractions;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;
using Nvidia.Dra.Nvml.Lifetime;

namespace Nvidia.Dra.Nvml.Tests.Interop;

public sealed class NvmlEntryPointsTests : IDisposable
{
    // NVML's export names as nvml.h spells them: the names the package's [LibraryImport] attributes bound before the
    // table replaced them, written out here so that a typo in the table fails.
    private static readonly string[] NvmlExportNames =
    [
        "nvmlInit_v2", "nvmlInitWithFlags", "nvmlShutdown", "nvmlErrorString",
        "nvmlSystemGetDriverVersion", "nvmlSystemGetNVMLVersion", "nvmlSystemGetCudaDriverVersion", "nvmlSystemGetCudaDriverVersion_v2",
        "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount", "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex",
        "nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetHandleByPciBusId", "nvmlDeviceGetHandleByUUID",
        "nvmlDeviceGetUUID", "nvmlDeviceGetName", "nvmlDeviceGetSerial", "nvmlDeviceGetIndex", "nvmlDeviceGetMinorNumber",
        "nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfoExt", "nvmlDeviceGetBrand",
        "nvmlDeviceGetArchitecture", "nvmlDeviceGetCudaComputeCapability", "nvmlDeviceGetNumaNodeId",
        "nvmlDeviceGetMemoryInfo", "nvmlDeviceGetMemoryInfo_v2", "nvmlDeviceGetBAR1MemoryInfo",
        "nvmlDeviceGetPersistenceMode", "nvmlDeviceSetPersistenceMode", "nvmlDeviceGetMigMode",
        "nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2", "nvmlDeviceGetComputeRunningProcesses",
        "nvmlDeviceGetGraphicsRunningProcesses_v3",
        "nvmlDeviceQueryDrainState", "nvmlDeviceModifyDrainState", "nvmlDeviceRemoveGpu_v2", "nvmlDeviceDiscoverGpus",
    ];

    public NvmlEntryPointsTests()
    {
        UnmanagedNvmlFake.Reset();
    }

    [Fact]
    public void Bind_OldLibrary_RecordsWhichVersionedExportsAreMissing()
    {
        string[] present = ["nvmlInitWithFlags", "nvmlDeviceGetCount_v2", "nvmlDeviceGetPciInfo_v3"];

        var exports = NvmlEntryPoints.Bind(name => present.Contains(name) ? 0x1000 : 0).Exports;

        exports.InitWithFlags.Should().BeTrue();
        exports.DeviceGetCountV2.Should().BeTrue();
        exports.DeviceGetPciInfoV3.Should().BeTrue();
        exports.DeviceGetHandleByIndexV2.Should().BeFalse();
        exports.DeviceGetMemoryInfoV2.Should().BeFalse();
        exports.DeviceGetComputeRunningProcessesV3.Should().BeFalse();
    }

    [Fact]
    public void ExportNames_AreExactlyNvmlsNamesEachOnce()
    {
        NvmlEntryPoints.ExportNames.Should().OnlyHaveUniqueItems();
        NvmlEntryPoints.ExportNames.Should().BeEquivalentTo(NvmlExportNames);
    }

    [Fact]
    public void Bind_ExportMissing_LeavesItsCallAnsweringFunctionNotFound()
    {
        var api = Bind(missing: new HashSet<string>(StringComparer.Ordinal) { "nvmlDeviceGetName", "nvmlSystemGetCudaDriverVersion" });

        api.Init(NvmlInitFlags.NoGpus).Should().Be(NvmlReturn.Success);
        api.DeviceGetName(new NvmlDeviceHandle(UnmanagedNvmlFake.Device), out var name).Should().Be(NvmlReturn.FunctionNotFound);
        name.Should().BeEmpty();
        api.SystemGetCudaDriverVersion(out _).Should().Be(NvmlReturn.FunctionNotFound);
        api.DeviceGetUuid(new NvmlDeviceHandle(UnmanagedNvmlFake.Device), out var uuid).Should().Be(NvmlReturn.Success);
        uuid.Should().Be(UnmanagedNvmlFake.Uuid);
    }

    [Fact]
    public void Client_OverTheFunctionPointerTable_ReadsTheGpuThroughEveryCall()
    {
        using var client = Client(TimeSpan.FromMinutes(1), out var loader);

        var gpu = client.GetGpus().Should().ContainSingle().Which;
        var system = client.GetSystemInfo();

        UnmanagedNvmlFake.InitFlags.Should().Be((uint)NvmlInitFlags.NoGpus);
        gpu.PciBusId.Should().Be(UnmanagedNvmlFake.BusId);
        gpu.Uuid.Should().Be(UnmanagedNvmlFake.Uuid);
        gpu.Name.Should().Be(UnmanagedNvmlFake.Name);
        gpu.MemoryTotalBytes.Should().Be(150754820096);
        gpu.ComputeCapability.Should().Be(new NvmlComputeCapability(9, 0));
        gpu.Brand.Should().Be(NvmlBrand.Nvidia);
        gpu.Architecture.Should().Be(NvmlArchitecture.Hopper);
        gpu.MinorNumber.Should().Be(3);
        gpu.PersistenceModeEnabled.Should().BeTrue();
        gpu.MigMode.Should().Be(new NvmlMigMode(false, true));
        gpu.PciDeviceId.Should().Be(0x233510de);
        system.DriverVersion.Should().Be("580.159.04");
        system.NvmlVersion.Should().Be("13.580.159.04");
        system.CudaDriverVersion.Should().Be(NvmlCudaVersion.FromDriverValue(13000));
        loader.Loads.Should().Be(1);
    }

    [Fact]
    public void Client_StringArguments_ArriveAsNulTerminatedUtf8()
    {
        using var client = Client(TimeSpan.Zero, out _);

        client.TryGetGpuByPciBusId("00000000:3B:00.0", out var byBusId).Should().BeTrue();
        client.TryGetGpuByUuid(UnmanagedNvmlFake.Uuid, out var byUuid).Should().BeTrue();
        client.TryGetGpuByUuid("GPU-00000000-0000-0000-0000-000000000000", out _).Should().BeFalse();

        byBusId.Should().Be(byUuid);
        UnmanagedNvmlFake.HandleLookups.Should().Equal(UnmanagedNvmlFake.BusId, UnmanagedNvmlFake.Uuid, "GPU-00000000-0000-0000-0000-000000000000");
    }

    [Fact]
    public void Client_ProcessesAndPersistence_GoThroughPointersAndBuffers()
    {
        UnmanagedNvmlFake.ProcessIds = [4242, 77, 1];
        using var client = Client(TimeSpan.Zero, out _);

        client.GetComputeProcessIds(UnmanagedNvmlFake.BusId).Should().Equal(4242, 77, 1);
        client.SetPersistenceMode(UnmanagedNvmlFake.BusId, false);
        client.GetPersistenceMode(UnmanagedNvmlFake.BusId).Should().BeTrue();

        UnmanagedNvmlFake.PersistenceSets.Should().Equal((uint)NvmlEnableState.Disabled);
    }

    [Fact]
    public void Client_OldDriver_FallsBackToTheOldestProcessListAndMemoryCalls()
    {
        UnmanagedNvmlFake.ProcessIds = [12, 34];
        var missing = new HashSet<string>(StringComparer.Ordinal)
        {
            "nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2", "nvmlDeviceGetMemoryInfo_v2",
        };
        using var client = Client(TimeSpan.Zero, out _, missing);

        client.GetComputeProcessIds(UnmanagedNvmlFake.BusId).Should().Equal(12, 34);
        client.GetGpus().Single().MemoryTotalBytes.Should().Be(150754820096 - 1024, "the v1 memory call answered");
    }

    [Fact]
    public void Client_EachSessionBindsAFreshTableAndUnloadsItsLoad()
    {
        using var client = Client(TimeSpan.Zero, out var loader);

        client.GetGpus();
        client.GetSystemInfo();

        loader.Loads.Should().Be(2);
        loader.Unloads.Should().Be(2);
        (UnmanagedNvmlFake.Inits, UnmanagedNvmlFake.Shutdowns).Should().Be((2, 2));
    }

    public void Dispose() => UnmanagedNvmlFake.Reset();

    private static NativeNvmlApi Bind(IReadOnlySet<string>? missing = null) =>
        new(NvmlEntryPoints.Bind(name => UnmanagedNvmlFake.Resolve(name, missing)));

    private static NvmlClient Client(TimeSpan idle, out TableLoader loader, IReadOnlySet<string>? missing = null)
    {
        loader = new TableLoader(() => Bind(missing));
        return new NvmlClient(new NvmlLifetime(loader, idle, TimeProvider.System, NullLogger.Instance));
    }

    /// <summary>Each load binds a new table over the fake's exports, as the native loader does per dlopen.</summary>
    private sealed class TableLoader(Func<INvmlApi> bind) : INvmlLoader
    {
        public int Loads { get; private set; }

        public int Unloads { get; private set; }

        public INvmlLoad Load()
        {
            Loads++;
            return new TableLoad(this, bind());
        }

        private sealed class TableLoad(TableLoader owner, INvmlApi api) : INvmlLoad
        {
            public INvmlApi Api { get; } = api;

            public string LibraryPath => "unmanaged fake";

            public void Unload() => owner.Unloads++;
        }
    }
}
