using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Client;

public sealed class NvmlClientProcessAndPersistenceTests : IDisposable
{
    private const string Gpu = "0000:2a:00.0";
    private readonly FakeNvml _fake = FakeNvml.WithH200s(8);
    private readonly NvmlClient _client;

    public NvmlClientProcessAndPersistenceTests()
    {
        _client = _fake.CreateClient();
    }

    [Fact]
    public void GetComputeProcessIds_None_ReturnsEmpty()
    {
        _client.GetComputeProcessIds(Gpu).Should().BeEmpty();
    }

    [Fact]
    public void GetComputeProcessIds_Several_ReturnsThemAll()
    {
        _fake.SetComputeProcesses(Gpu, 4242, 4343, 4444);

        _client.GetComputeProcessIds("00000000:2A:00.0").Should().Equal(4242, 4343, 4444);
    }

    [Fact]
    public void GetComputeProcessIds_MoreThanFirstBuffer_GrowsAndReturnsAll()
    {
        var pids = Enumerable.Range(1000, 40).ToArray();
        _fake.SetComputeProcesses(Gpu, pids);

        _client.GetComputeProcessIds(Gpu).Should().Equal(pids);
    }

    [Fact]
    public void GetComputeProcessIds_UnknownGpu_ThrowsGpuNotFound()
    {
        _client.Invoking(c => c.GetComputeProcessIds("0000:01:00.0"))
            .Should().Throw<NvmlGpuNotFoundException>().Which.Gpu.Should().Be("0000:01:00.0");
    }

    [Fact]
    public void GetPersistenceMode_ReadsCurrentMode()
    {
        _client.GetPersistenceMode(Gpu).Should().BeTrue();
    }

    [Fact]
    public void SetPersistenceMode_Off_ChangesModeAndIsRecorded()
    {
        _client.SetPersistenceMode("00000000:2A:00.0", enabled: false);

        _client.GetPersistenceMode(Gpu).Should().BeFalse();
        _fake.PersistenceModeChanges.Should().Equal(new PersistenceModeChange(Gpu, false));
        _fake.Gpus.Single(gpu => gpu.PciBusId == Gpu).PersistenceModeEnabled.Should().BeFalse();
    }

    [Fact]
    public void SetPersistenceMode_OffThenRebindThenOn_RestoresAndRecordsBothChanges()
    {
        _client.SetPersistenceMode(Gpu, enabled: false);
        _fake.Detach(Gpu);
        _fake.Attach(Gpu);
        _client.GetPersistenceMode(Gpu).Should().BeFalse("the driver does not keep persistence mode across a rebind");

        _client.SetPersistenceMode(Gpu, enabled: true);

        _fake.PersistenceModeChanges.Should().Equal(new PersistenceModeChange(Gpu, false), new PersistenceModeChange(Gpu, true));
        _client.GetPersistenceMode(Gpu).Should().BeTrue();
    }

    [Fact]
    public void SetPersistenceMode_NotRoot_ThrowsNoPermissionAndChangesNothing()
    {
        _fake.FailAlways("nvmlDeviceSetPersistenceMode", NvmlReturn.NoPermission);

        var exception = _client.Invoking(c => c.SetPersistenceMode(Gpu, enabled: false))
            .Should().Throw<NvmlNoPermissionException>().Which;

        exception.Message.Should().Contain("nvmlDeviceSetPersistenceMode failed for GPU 0000:2a:00.0").And.Contain("root");
        exception.IsTransient.Should().BeFalse();
        _fake.PersistenceModeChanges.Should().BeEmpty();
        _client.GetPersistenceMode(Gpu).Should().BeTrue();
    }

    [Fact]
    public void SetPersistenceMode_GpuOnVfio_ThrowsGpuNotFound()
    {
        _fake.Detach(Gpu);

        _client.Invoking(c => c.SetPersistenceMode(Gpu, enabled: true)).Should().Throw<NvmlGpuNotFoundException>();
    }

    [Fact]
    public void SetPersistenceMode_ConcurrentCallsOnAllGpus_RecordsEveryChange()
    {
        var busIds = _fake.Gpus.Select(gpu => gpu.PciBusId).ToArray();

        Parallel.ForEach(busIds, busId => _client.SetPersistenceMode(busId, enabled: false));

        _fake.PersistenceModeChanges.Select(change => change.PciBusId).Should().BeEquivalentTo(busIds);
        _client.GetGpus().Should().OnlyContain(gpu => gpu.PersistenceModeEnabled == false);
    }

    public void Dispose() => _client.Dispose();
}
