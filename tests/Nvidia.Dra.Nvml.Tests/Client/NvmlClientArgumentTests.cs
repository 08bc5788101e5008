using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Client;

public sealed class NvmlClientArgumentTests : IDisposable
{
    private readonly FakeNvml _fake = FakeNvml.WithH200s(1);
    private readonly NvmlClient _client;

    public NvmlClientArgumentTests()
    {
        _client = _fake.CreateClient();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void TryGetGpuByUuid_NullOrBlank_ThrowsArgumentException(string? uuid)
    {
        _client.Invoking(c => c.TryGetGpuByUuid(uuid!, out _)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void BusIdMethods_Null_ThrowArgumentNullException()
    {
        _client.Invoking(c => c.TryGetGpuByPciBusId(null!, out _)).Should().Throw<ArgumentNullException>();
        _client.Invoking(c => c.GetComputeProcessIds(null!)).Should().Throw<ArgumentNullException>();
        _client.Invoking(c => c.GetPersistenceMode(null!)).Should().Throw<ArgumentNullException>();
        _client.Invoking(c => c.SetPersistenceMode(null!, enabled: true)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void BusIdMethods_NotABusId_ThrowFormatExceptionBeforeCallingNvml()
    {
        _client.Invoking(c => c.GetPersistenceMode("GPU-0")).Should().Throw<FormatException>();
        _client.Invoking(c => c.SetPersistenceMode("0000:3b:00", enabled: false)).Should().Throw<FormatException>();
        _client.Invoking(c => c.GetComputeProcessIds("x")).Should().Throw<FormatException>();
        _fake.InitCount.Should().Be(0);
    }

    [Fact]
    public void GetGpuByIndex_Negative_ThrowsBeforeCallingNvml()
    {
        _client.Invoking(c => c.GetGpuByIndex(-1)).Should().Throw<ArgumentOutOfRangeException>();
        _fake.InitCount.Should().Be(0);
    }

    public void Dispose() => _client.Dispose();
}
