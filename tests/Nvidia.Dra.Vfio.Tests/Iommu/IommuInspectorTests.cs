using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class IommuInspectorTests
{
    [Fact]
    public void GetState_GroupsPresent_EnabledWithoutIommufd()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());

        var state = vfio.Iommu.GetState();

        state.Enabled.Should().BeTrue();
        state.GroupCount.Should().Be(1);
        state.IommufdAvailable.Should().BeFalse();
    }

    [Fact]
    public void GetState_IommuOff_DisabledWithRemedy()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.IommuOff());

        var state = vfio.Iommu.GetState();

        state.Enabled.Should().BeFalse();
        state.Reason.Should().Contain("empty").And.Contain("intel_iommu=on");
    }

    [Fact]
    public void GetState_IommufdOn_ReportsIommufd()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.IommufdOn());

        vfio.Iommu.GetState().IommufdAvailable.Should().BeTrue();
    }

    [Fact]
    public void GetState_NoGroupsDirectory_DisabledNamingThePath()
    {
        var iommu = new IommuInspector(Microsoft.Extensions.Options.Options.Create(new VfioHostOptions { SysfsRoot = "/nonexistent-nvdra-root" }));

        var state = iommu.GetState();

        state.Enabled.Should().BeFalse();
        state.Reason.Should().Contain("/nonexistent-nvdra-root/kernel/iommu_groups does not exist");
    }

    [Fact]
    public void GetGroupMembers_Workstation_ReturnsGpuAndAudioSorted()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());

        vfio.Iommu.GetGroupMembers(12).Should().Equal(Addresses.WorkstationGpu, Addresses.WorkstationAudio);
        vfio.Iommu.GetGroupMembers(99).Should().BeEmpty();
    }
}
