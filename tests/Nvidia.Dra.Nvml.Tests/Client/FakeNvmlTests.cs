using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Client;

// The fake is public test infrastructure for Core and the CLI: its own contract is tested here.
public sealed class FakeNvmlTests
{
    [Fact]
    public void WithH200s_Eight_HasUniqueUuidsBusIdsAndMinors()
    {
        var gpus = FakeNvml.WithH200s().Gpus;

        gpus.Should().HaveCount(8);
        gpus.Select(gpu => gpu.Uuid).Should().OnlyHaveUniqueItems();
        gpus.Select(gpu => gpu.PciBusId).Should().OnlyHaveUniqueItems().And.OnlyContain(id => NvmlPciBusId.Normalize(id) == id);
        gpus.Select(gpu => gpu.MinorNumber).Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public void H200_BeyondTheBoard_GetsDistinctBusIds()
    {
        FakeGpu.H200(8).PciBusId.Should().Be("0001:00:00.0");
        FakeGpu.H200(8 + 256).PciBusId.Should().Be("0002:00:00.0");
        FakeNvml.WithH200s(300).Gpus.Select(gpu => gpu.PciBusId).Should().OnlyHaveUniqueItems();
        FluentActions.Invoking(() => FakeGpu.H200(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void AddGpu_DuplicateBusIdOrUuid_Throws()
    {
        var fake = FakeNvml.WithH200s(1);

        fake.Invoking(f => f.AddGpu(FakeGpu.H200(0) with { Uuid = "GPU-other" })).Should().Throw<ArgumentException>();
        fake.Invoking(f => f.AddGpu(FakeGpu.H200(0) with { PciBusId = "0000:99:00.0" })).Should().Throw<ArgumentException>();
        fake.Invoking(f => f.AddGpu(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void FakeGpu_BusIdInNvmlSpelling_IsStoredNormalised()
    {
        (FakeGpu.H200(0) with { PciBusId = "00000000:3B:00.0" }).PciBusId.Should().Be("0000:3b:00.0");
    }

    [Fact]
    public void Methods_UnknownGpuOrBadArguments_Throw()
    {
        var fake = FakeNvml.WithH200s(1);

        fake.Invoking(f => f.Detach("0000:01:00.0")).Should().Throw<ArgumentException>();
        fake.Invoking(f => f.Attach("0000:01:00.0")).Should().Throw<ArgumentException>();
        fake.Invoking(f => f.SetComputeProcesses("0000:18:00.0", null!)).Should().Throw<ArgumentNullException>();
        fake.Invoking(f => f.FailNext("nvmlDeviceGetUUID", NvmlReturn.Unknown, times: 0)).Should().Throw<ArgumentOutOfRangeException>();
        fake.Invoking(f => f.FailNext(" ", NvmlReturn.Unknown)).Should().Throw<ArgumentException>();
        fake.Invoking(f => f.FailAlways(null!, NvmlReturn.Unknown)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new FakeNvml(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => FakeNvml.WithH200s(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void FailNext_Twice_FailsTwoCallsThenWorks()
    {
        var fake = FakeNvml.WithH200s(1);
        using var client = fake.CreateClient();
        fake.FailNext("nvmlDeviceGetName", NvmlReturn.Timeout, times: 2);

        client.Invoking(c => c.GetGpus()).Should().Throw<NvmlException>().Which.IsTransient.Should().BeTrue();
        client.Invoking(c => c.GetGpus()).Should().Throw<NvmlException>();
        client.GetGpus().Should().ContainSingle();
    }

    [Fact]
    public void ClearFailures_RemovesPermanentFailure()
    {
        var fake = FakeNvml.WithH200s(1);
        using var client = fake.CreateClient();
        fake.FailAlways("nvmlDeviceGetCount_v2", NvmlReturn.Unknown);
        client.Invoking(c => c.GetGpus()).Should().Throw<NvmlException>();

        fake.ClearFailures();

        client.GetGpus().Should().ContainSingle();
    }
}
