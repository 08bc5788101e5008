using Microsoft.Extensions.Logging;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class VfioDriverResolverTests
{
    [Fact]
    public void Choose_GraceHopper_PicksVariantWithFewestWildcards()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.GraceHopper());

        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.GraceGpu));

        choice.Module.Should().Be("nvgrace_gpu_vfio_pci");
        choice.Wildcards.Should().Be(5);
        choice.IsGeneric.Should().BeFalse();
    }

    [Fact]
    public void Choose_OrdinaryGpu_FallsBackToGenericAlias()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.SxmGpu));

        choice.Module.Should().Be("vfio_pci");
        choice.Wildcards.Should().Be(7);
    }

    [Fact]
    public void Choose_NoModulesAlias_FallsBackToVfioPci()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200(), o => o.KernelRelease = "9.9.9-missing");

        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.SxmGpu));

        choice.Should().Be(new VfioDriverChoice("vfio_pci", null, 7, choice.Reason));
        choice.Reason.Should().Contain("no modules.alias");
    }

    [Fact]
    public void Choose_TiedPatterns_PicksOrdinalFirstAndWarns()
    {
        var topology = SimulatedTopologies.SxmH200() with
        {
            ModuleAliases = ["alias vfio_pci:v000010DEd*sv*sd*bc*sc*i* zeta_vfio_pci", "alias vfio_pci:v000010DEd*sv*sd*bc*sc*i* alpha_vfio_pci"],
        };
        using var vfio = new VfioFixture(topology);

        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.SxmGpu));

        choice.Module.Should().Be("alpha_vfio_pci");
        vfio.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == VfioEventIds.VfioVariantTie && r.Level == LogLevel.Warning);
    }

    [Fact]
    public void Choose_MalformedAliasLine_ThrowsNamingTheLine()
    {
        var topology = SimulatedTopologies.SxmH200() with { ModuleAliases = ["alias vfio_pci:v000010DEd*sv* ../../evil"] };
        using var vfio = new VfioFixture(topology);

        vfio.Invoking(v => v.Resolver.Choose(v.Discovery.GetFunction(Addresses.SxmGpu)))
            .Should().Throw<SysfsFormatException>().Which.Path.Should().EndWith("modules.alias");
    }

    [Fact]
    public void FindDriverName_VfioPci_ResolvesDashedDirectory()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        vfio.Resolver.FindDriverName("vfio_pci").Should().Be("vfio-pci");
        vfio.Resolver.IsModuleLoaded("vfio_pci").Should().BeTrue();
        vfio.Resolver.FindDriverName("nvgrace_gpu_vfio_pci").Should().BeNull();
    }

    [Fact]
    public async Task EnsureDriverAsync_VariantNotLoaded_LoadsItAndKeepsUnderscores()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.GraceHopper());
        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.GraceGpu));

        var driver = await vfio.Resolver.EnsureDriverAsync(choice, Addresses.GraceGpu);

        driver.Should().Be("nvgrace_gpu_vfio_pci");
        vfio.Host.ModuleLoader.Loaded.Should().Equal("nvgrace_gpu_vfio_pci");
        vfio.Resolver.IsModuleLoaded("nvgrace_gpu_vfio_pci").Should().BeTrue();
    }

    [Fact]
    public async Task EnsureDriverAsync_LoadFails_ThrowsVfioDriverUnavailable()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.GraceHopper());
        vfio.Host.ModuleLoader.Fail = true;
        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.GraceGpu));

        var act = () => vfio.Resolver.EnsureDriverAsync(choice, Addresses.GraceGpu);

        (await act.Should().ThrowAsync<VfioDriverUnavailableException>()).Which.Module.Should().Be("nvgrace_gpu_vfio_pci");
    }

    [Fact]
    public async Task EnsureDriverAsync_LoadingDisabled_ThrowsWithoutLoading()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.GraceHopper(), o => o.LoadMissingModules = false);
        var choice = vfio.Resolver.Choose(vfio.Discovery.GetFunction(Addresses.GraceGpu));

        var act = () => vfio.Resolver.EnsureDriverAsync(choice, Addresses.GraceGpu);

        await act.Should().ThrowAsync<VfioDriverUnavailableException>().WithMessage("*LoadMissingModules*");
        vfio.Host.ModuleLoader.Loaded.Should().BeEmpty();
    }
}
