using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class ArgumentValidationTests
{
    [Fact]
    public async Task PublicEntryPoints_NullArguments_ThrowArgumentNull()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        await vfio.Invoking(v => v.Switch.SwitchToVfioAsync(null!)).Should().ThrowAsync<ArgumentNullException>();
        await vfio.Invoking(v => v.Switch.RestoreAsync(null!)).Should().ThrowAsync<ArgumentNullException>();
        await vfio.Invoking(v => v.Holders.WaitUntilFreeAsync(string.Empty, TimeSpan.FromSeconds(1))).Should().ThrowAsync<ArgumentException>();
        await vfio.Invoking(v => v.Resolver.EnsureDriverAsync(null!, Addresses.SxmGpu)).Should().ThrowAsync<ArgumentNullException>();
        vfio.Invoking(v => v.Holders.FindHolders((IReadOnlyList<string>)null!)).Should().Throw<ArgumentNullException>();
        vfio.Invoking(v => v.Resolver.Choose(null!)).Should().Throw<ArgumentNullException>();
        vfio.Invoking(v => new PassthroughPlanner(null!, v.Iommu, v.Resolver)).Should().Throw<ArgumentNullException>();
        vfio.Invoking(v => ((IServiceCollection)null!).AddNvidiaDraVfio()).Should().Throw<ArgumentNullException>();
        vfio.Invoking(_ => PciAddress.Parse(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task WaitUntilFreeAsync_NegativeTimeout_ThrowsArgumentOutOfRange()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        await vfio.Invoking(v => v.Holders.WaitUntilFreeAsync(v.Host.GpuNode(0), TimeSpan.FromSeconds(-1))).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task ModprobeModuleLoader_HostileModuleName_RefusedBeforeRunning()
    {
        await new ModprobeModuleLoader().Invoking(l => l.LoadAsync("../../bin/sh")).Should().ThrowAsync<ArgumentException>();
    }
}
