using Microsoft.Extensions.Logging.Testing;
using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Client;

public sealed class NvmlClientGpuTests : IDisposable
{
    private readonly FakeNvml _fake = FakeNvml.WithH200s(8);
    private readonly NvmlClient _client;

    public NvmlClientGpuTests()
    {
        _client = _fake.CreateClient();
    }

    [Fact]
    public void GetGpus_EightH200s_ReportsEveryPropertyInBusIdOrder()
    {
        var gpus = _client.GetGpus();

        gpus.Should().HaveCount(8);
        gpus.Select(gpu => gpu.Index).Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
        gpus.Select(gpu => gpu.PciBusId).Should().BeInAscendingOrder(StringComparer.Ordinal);
        var first = gpus[0];
        first.Should().BeEquivalentTo(new
        {
            Uuid = "GPU-00000000-d249-165e-83be-8b5eb3f4e8b9",
            Name = "NVIDIA H200",
            Brand = NvmlBrand.Nvidia,
            Architecture = NvmlArchitecture.Hopper,
            ComputeCapability = new NvmlComputeCapability(9, 0),
            MemoryTotalBytes = 143_771UL * 1024 * 1024,
            PciBusId = "0000:18:00.0",
            PciDeviceId = 0x233510DEu,
            MinorNumber = 0,
            PersistenceModeEnabled = true,
            MigMode = new NvmlMigMode(false, false),
        });
        first.DeviceId.Should().Be(0x2335);
        first.VendorId.Should().Be(0x10de);
    }

    [Fact]
    public void GetGpus_BusIdsOutOfOrder_IndexFollowsBusId()
    {
        var fake = new FakeNvml([FakeGpu.H200(0) with { PciBusId = "0000:db:00.0", Uuid = "GPU-b" }, FakeGpu.H200(1) with { PciBusId = "0000:18:00.0", Uuid = "GPU-a" }]);
        using var client = fake.CreateClient();

        client.GetGpus().Select(gpu => gpu.Uuid).Should().Equal("GPU-a", "GPU-b");
    }

    [Fact]
    public void GetGpus_GpuDetached_IsNotListed()
    {
        _fake.Detach("0000:3a:00.0");

        _client.GetGpus().Select(gpu => gpu.PciBusId).Should().HaveCount(7).And.NotContain("0000:3a:00.0");
    }

    [Fact]
    public void GetGpus_GpuWithoutMig_ReportsNullMigMode()
    {
        var fake = new FakeNvml([FakeGpu.H200(0) with { Name = "Tesla V100-SXM2-16GB", Architecture = NvmlArchitecture.Volta, MigMode = null }]);
        using var client = fake.CreateClient();

        var gpu = client.GetGpus().Single();

        gpu.MigMode.Should().BeNull();
        gpu.Architecture.Should().Be(NvmlArchitecture.Volta);
    }

    [Fact]
    public void GetGpus_OptionalQueryNotSupported_LeavesPropertyNullAndLogs()
    {
        var logger = new FakeLogger<NvmlClient>();
        using var loggerFactory = new Microsoft.Extensions.Logging.LoggerFactory([new FakeLoggerProvider(logger.Collector)]);
        using var client = _fake.CreateClient(loggerFactory);
        _fake.FailAlways("nvmlDeviceGetMinorNumber", NvmlReturn.NotSupported);

        client.GetGpus().Should().OnlyContain(gpu => gpu.MinorNumber == null);
        logger.Collector.GetSnapshot().Should().Contain(record => record.Id.Id == NvmlEventIds.PropertyUnavailable);
    }

    [Fact]
    public void GetGpus_RequiredQueryFails_ThrowsNamingFunctionAndGpu()
    {
        _fake.FailNext("nvmlDeviceGetUUID", NvmlReturn.GpuIsLost);

        var exception = _client.Invoking(c => c.GetGpus()).Should().Throw<NvmlGpuUnhealthyException>().Which;

        exception.FunctionName.Should().Be("nvmlDeviceGetUUID");
        exception.Gpu.Should().Be("0000:18:00.0");
        exception.NvmlMessage.Should().Be("fake: GpuIsLost");
        exception.IsTransient.Should().BeTrue();
        exception.Message.Should().Contain("nvmlDeviceGetUUID failed for GPU 0000:18:00.0: NVML_ERROR_GPU_IS_LOST (15)");
    }

    [Fact]
    public void GetGpuByIndex_InRange_ReturnsThatGpu()
    {
        _client.GetGpuByIndex(5).PciBusId.Should().Be("0000:ab:00.0");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(-1)]
    public void GetGpuByIndex_OutOfRange_ThrowsArgumentOutOfRange(int index)
    {
        _client.Invoking(c => c.GetGpuByIndex(index)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void TryGetGpuByUuid_Known_ReturnsGpuWithNvmlIndex()
    {
        _client.TryGetGpuByUuid("GPU-00000003-d249-165e-83be-8b5eb3f4e8b9", out var gpu).Should().BeTrue();

        gpu!.Index.Should().Be(3);
        gpu.PciBusId.Should().Be("0000:5d:00.0");
    }

    [Fact]
    public void TryGetGpuByUuid_Unknown_ReturnsFalse()
    {
        _client.TryGetGpuByUuid("GPU-ffffffff-0000-0000-0000-000000000000", out var gpu).Should().BeFalse();
        gpu.Should().BeNull();
    }

    [Theory]
    [InlineData("0000:9a:00.0")]
    [InlineData("00000000:9A:00.0")]
    [InlineData("9a:00.0")]
    public void TryGetGpuByPciBusId_AnySpelling_FindsTheGpu(string busId)
    {
        _client.TryGetGpuByPciBusId(busId, out var gpu).Should().BeTrue();

        gpu!.PciBusId.Should().Be("0000:9a:00.0");
        gpu.Index.Should().Be(4);
    }

    [Fact]
    public void TryGetGpuByPciBusId_Detached_ReturnsFalse()
    {
        _fake.Detach("0000:9a:00.0");

        _client.TryGetGpuByPciBusId("0000:9a:00.0", out _).Should().BeFalse();
    }

    [Fact]
    public void TryGetGpuByPciBusId_NotABusId_ThrowsFormatException()
    {
        _client.Invoking(c => c.TryGetGpuByPciBusId("GPU-1234", out _)).Should().Throw<FormatException>();
    }

    [Fact]
    public void TryGetGpuByPciBusId_OtherFailure_Throws()
    {
        _fake.FailNext("nvmlDeviceGetHandleByPciBusId_v2", NvmlReturn.NoPermission);

        _client.Invoking(c => c.TryGetGpuByPciBusId("0000:9a:00.0", out _)).Should().Throw<NvmlNoPermissionException>();
    }

    [Fact]
    public void GetSystemInfo_ReportsDriverNvmlAndCudaVersions()
    {
        _fake.CudaDriverVersion = 12040;

        _client.GetSystemInfo().Should().BeEquivalentTo(new NvmlSystemInfo
        {
            DriverVersion = "580.159.04",
            NvmlVersion = "13.580.159.04",
            CudaDriverVersion = new NvmlCudaVersion(12, 4),
        });
    }

    public void Dispose() => _client.Dispose();
}
