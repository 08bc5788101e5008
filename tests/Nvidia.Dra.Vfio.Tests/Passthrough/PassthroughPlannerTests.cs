using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class PassthroughPlannerTests
{
    [Fact]
    public void Plan_SxmH200_GpuSwitchesAndBridgeStays()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var plan = vfio.Planner.Plan(Addresses.SxmGpu);

        plan.IsViable.Should().BeTrue();
        plan.IommuGroup.Should().Be(20);
        plan.FunctionsToSwitch.Select(f => f.Address).Should().Equal(Addresses.SxmGpu);
        var bridge = plan.Members.Should().ContainSingle(m => m.Function.Address == Addresses.SxmRootPort).Subject;
        bridge.Role.Should().Be(PlanRole.Stay);
        bridge.Function.Driver.Should().Be("pcieport", "a bridge member is read for its identity and driver");
        plan.PriorState.Should().Be(new DriverSwitchRecord(Addresses.SxmGpu, 20, "vfio_pci", [new FunctionBinding(Addresses.SxmGpu, "nvidia", null)]));
    }

    [Fact]
    public void Plan_WorkstationWithAudio_AudioMovesWithGpu()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());

        var plan = vfio.Planner.Plan(Addresses.WorkstationGpu);

        plan.IsViable.Should().BeTrue();
        plan.FunctionsToSwitch.Select(f => f.Address).Should().Equal(Addresses.WorkstationGpu, Addresses.WorkstationAudio);
        plan.PriorState.Functions.Should().Equal(
            new FunctionBinding(Addresses.WorkstationGpu, "nvidia", null),
            new FunctionBinding(Addresses.WorkstationAudio, "snd_hda_intel", null));
    }

    [Fact]
    public void Plan_GroupSharedWithNic_NotViableNamingTheNic()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.GroupSharedWithNic());

        var plan = vfio.Planner.Plan(Addresses.NicGroupGpu);
        var act = plan.EnsureViable;

        plan.IsViable.Should().BeFalse();
        plan.Blockers.Should().ContainSingle().Which.Function.Should().Be(Addresses.Nic);
        var error = act.Should().Throw<GroupNotViableException>().Which;
        error.IommuGroup.Should().Be(30);
        error.Message.Should().Contain("0000:42:00.0").And.Contain("mlx5_core").And.Contain("vendor 0x15b3").And.Contain("ACS");
    }

    [Fact]
    public void Plan_IommuOff_NotViableWithIommuUnavailable()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.IommuOff());

        var plan = vfio.Planner.Plan(Addresses.SxmGpu);

        plan.Blockers.Should().ContainSingle().Which.Kind.Should().Be(PlanBlockerKind.IommuDisabled);
        plan.Invoking(p => p.EnsureViable()).Should().Throw<IommuUnavailableException>().WithMessage("*0000:1b:00.0*IOMMU*");
    }

    [Fact]
    public void Plan_SriovVfsEnabled_BlockedBeforeAnySideEffect()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SriovVfsEnabled());

        var plan = vfio.Planner.Plan(Addresses.SriovPf);
        var check = () => vfio.Planner.EnsureNoVirtualFunctions(Addresses.SriovPf);

        plan.Blockers.Should().Contain(b => b.Kind == PlanBlockerKind.VirtualFunctionsEnabled);
        plan.Invoking(p => p.EnsureViable()).Should().Throw<VirtualFunctionsEnabledException>().Which.VirtualFunctions.Should().Be(2);
        check.Should().Throw<VirtualFunctionsEnabledException>().WithMessage("*sriov_numvfs*");
        vfio.Host.Kernel.Writes.Should().BeEmpty();
    }

    [Fact]
    public void EnsureNoVirtualFunctions_NoSriovCapability_Passes()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        vfio.Invoking(v => v.Planner.EnsureNoVirtualFunctions(Addresses.SxmGpu)).Should().NotThrow();
    }

    [Fact]
    public void Plan_VirtualFunction_ThrowsUnsupported()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SriovVfsEnabled());

        vfio.Invoking(v => v.Planner.Plan(Addresses.SriovVf)).Should().Throw<UnsupportedDeviceException>().WithMessage("*virtual function*");
    }

    [Fact]
    public void Plan_NvSwitch_ThrowsUnsupported()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());

        vfio.Invoking(v => v.Planner.Plan(PciAddress.Parse("0000:c0:00.0"))).Should().Throw<UnsupportedDeviceException>().WithMessage("*NVSwitch*");
    }

    [Fact]
    public void Plan_NonNvidiaDevice_ThrowsUnsupported()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        vfio.Invoking(v => v.Planner.Plan(Addresses.SxmRootPort)).Should().Throw<UnsupportedDeviceException>().WithMessage("*vendor 0x8086*");
    }

    [Fact]
    public void Plan_GpuOnUnexpectedDriver_BlockedAsUnsupported()
    {
        var topology = SimulatedTopologies.SxmH200();
        topology = topology with { Functions = [topology.Functions[0] with { Driver = "nouveau", NvidiaMinor = null }, topology.Functions[1]] };
        using var vfio = new VfioFixture(topology);

        var plan = vfio.Planner.Plan(Addresses.SxmGpu);

        plan.Invoking(p => p.EnsureViable()).Should().Throw<UnsupportedDeviceException>().WithMessage("*nouveau*");
    }

    [Theory]
    [InlineData("already-on-vfio", "vfio-pci", "vfio-pci")]
    [InlineData("driverless", null, null)]
    public void Plan_GpuNotOnNvidia_ViableAndRecordsItsState(string name, string? driver, string? driverOverride)
    {
        using var vfio = new VfioFixture(SimulatedTopologies.All.Single(t => t.Name == name));

        var plan = vfio.Planner.Plan(Addresses.SxmGpu);

        plan.IsViable.Should().BeTrue();
        plan.PriorState.Functions.Should().Equal(new FunctionBinding(Addresses.SxmGpu, driver, driverOverride));
    }

    [Fact]
    public void Plan_Hgx_EveryGpuViableInItsOwnGroup()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());

        var plans = vfio.Discovery.GetNvidiaGpus().Select(g => vfio.Planner.Plan(g.Address)).ToList();

        plans.Should().HaveCount(8).And.OnlyContain(p => p.IsViable && p.Members.Count == 1);
        plans.Select(p => p.IommuGroup).Should().OnlyHaveUniqueItems();
    }
}
