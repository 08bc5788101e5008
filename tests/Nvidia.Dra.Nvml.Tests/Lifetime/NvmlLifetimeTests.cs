using Nvidia.Dra.Testing.Nvml;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

public sealed class NvmlLifetimeTests
{
    [Fact]
    public void Client_Created_DoesNotInitialiseUntilFirstCall()
    {
        var fake = FakeNvml.WithH200s(1);
        using var client = fake.CreateClient();

        fake.IsInitialized.Should().BeFalse();
        client.GetGpus();
        fake.IsInitialized.Should().BeTrue();
    }

    [Fact]
    public void Clients_SharingOneNvml_InitialiseOnceAndShutDownAfterTheLast()
    {
        var fake = FakeNvml.WithH200s(2);
        var first = fake.CreateClient();
        var second = fake.CreateClient();
        first.GetGpus();
        second.GetGpus();

        first.Dispose();
        fake.ShutdownCount.Should().Be(0);
        fake.IsInitialized.Should().BeTrue();

        second.Dispose();
        fake.InitCount.Should().Be(1);
        fake.ShutdownCount.Should().Be(1);
        fake.IsInitialized.Should().BeFalse();
    }

    [Fact]
    public void Dispose_Twice_ReleasesOnce()
    {
        var fake = FakeNvml.WithH200s(1);
        var keeper = fake.CreateClient();
        keeper.GetGpus();
        var client = fake.CreateClient();
        client.GetGpus();

        client.Dispose();
        client.Dispose();

        fake.ShutdownCount.Should().Be(0, "the second Dispose must not release the keeper's reference");
        keeper.Dispose();
        fake.ShutdownCount.Should().Be(1);
    }

    [Fact]
    public void Dispose_NeverUsed_DoesNotShutDown()
    {
        var fake = FakeNvml.WithH200s(1);

        fake.CreateClient().Dispose();

        fake.InitCount.Should().Be(0);
        fake.ShutdownCount.Should().Be(0);
    }

    [Fact]
    public void Call_AfterDispose_ThrowsObjectDisposed()
    {
        var client = FakeNvml.WithH200s(1).CreateClient();
        client.Dispose();

        client.Invoking(c => c.GetGpus()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Init_NoGpuOnTheHost_SucceedsBecauseOfTheNoGpusFlag()
    {
        var fake = new FakeNvml();
        using var client = fake.CreateClient();

        client.GetGpus().Should().BeEmpty();
        fake.IsInitialized.Should().BeTrue();
    }

    [Fact]
    public void Init_Fails_ThrowsTypedErrorAndTheNextCallRetries()
    {
        var fake = FakeNvml.WithH200s(1);
        fake.FailNext("nvmlInitWithFlags", NvmlReturn.DriverNotLoaded);
        using var client = fake.CreateClient();

        var exception = client.Invoking(c => c.GetGpus()).Should().Throw<NvmlDriverUnavailableException>().Which;
        exception.FunctionName.Should().Be("nvmlInitWithFlags");
        exception.IsTransient.Should().BeTrue();
        fake.IsInitialized.Should().BeFalse();

        client.GetGpus().Should().ContainSingle();
        fake.InitCount.Should().Be(1);
    }

    [Fact]
    public void Shutdown_Fails_DisposeDoesNotThrow()
    {
        var fake = FakeNvml.WithH200s(1);
        var client = fake.CreateClient();
        client.GetGpus();
        fake.FailNext("nvmlShutdown", NvmlReturn.Unknown);

        client.Invoking(c => c.Dispose()).Should().NotThrow();
    }

    [Fact]
    public void Clients_UsedConcurrently_InitialiseExactlyOnce()
    {
        var fake = FakeNvml.WithH200s(8);
        var clients = Enumerable.Range(0, 16).Select(_ => fake.CreateClient()).ToArray();

        Parallel.ForEach(clients, client => client.GetGpus().Should().HaveCount(8));
        fake.InitCount.Should().Be(1);

        Parallel.ForEach(clients, client => client.Dispose());
        fake.ShutdownCount.Should().Be(1);
        fake.IsInitialized.Should().BeFalse();
    }
}
