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
}
