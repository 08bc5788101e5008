namespace Nvidia.Dra.Nvml.Tests.Hardware;

// Read-only: these never change a mode on the GPU, so they are safe on shared machines.
[Collection(SharedLoaderCollection.Name)]
public sealed class RealGpuTests
{
    [NvmlFact]
    public void GetGpus_RealDriver_ReportsConsistentIdentities()
    {
        using var client = new NvmlClient();

        var gpus = client.GetGpus();
        var system = client.GetSystemInfo();

        system.DriverVersion.Should().MatchRegex(@"^\d+\.\d+");
        system.CudaDriverVersion.Major.Should().BeGreaterThan(0);
        foreach (var gpu in gpus)
        {
            gpu.Uuid.Should().StartWith("GPU-");
            gpu.VendorId.Should().Be(0x10de);
            NvmlPciBusId.Normalize(gpu.PciBusId).Should().Be(gpu.PciBusId);
            client.TryGetGpuByUuid(gpu.Uuid, out var byUuid).Should().BeTrue();
            byUuid.Should().Be(gpu);
            client.TryGetGpuByPciBusId(gpu.PciBusId, out var byBusId).Should().BeTrue();
            byBusId.Should().Be(gpu);
            client.GetComputeProcessIds(gpu.PciBusId).Should().OnlyContain(pid => pid > 0);
        }
    }

    [NvmlFact]
    public void GetGpus_NoIdlePeriod_LoadsAndUnloadsTheRealLibraryOnEveryCall()
    {
        // Each call opens a session (dlopen, a fresh entry-point table, nvmlInit) and closes it (nvmlShutdown,
        // dlclose): the library may come back at another address, and the answers must not change.
        using var client = new NvmlClient(new NvmlOptions { IdleUnloadDelay = TimeSpan.Zero });

        var first = client.GetGpus();
        var system = client.GetSystemInfo();
        var second = client.GetGpus();

        second.Should().Equal(first);
        client.GetSystemInfo().Should().Be(system);
        foreach (var gpu in first)
        {
            client.TryGetGpuByPciBusId(gpu.PciBusId, out var again).Should().BeTrue();
            again.Should().Be(gpu);
        }
    }
}
