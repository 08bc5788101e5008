using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>Discovery and IOMMU groups of the emulated devices, compared with the kernel's own sysfs links.</summary>
public sealed class DiscoveryTests
{
    private static readonly PciAddress[] Emulated =
    [
        GuestKernel.Single, GuestKernel.SlotFunction0, GuestKernel.SlotFunction1, GuestKernel.RootPort, GuestKernel.BehindRootPort,
        GuestKernel.Driverless, GuestKernel.Bridge, GuestKernel.BehindBridge1, GuestKernel.BehindBridge2,
    ];

    [GuestFact]
    public void Every_emulated_function_is_discovered_with_the_kernels_driver_and_group()
    {
        var functions = GuestKernel.Discovery().GetFunctions().ToDictionary(f => f.Address);

        foreach (var address in Emulated)
        {
            functions.Should().ContainKey(address);
            functions[address].IommuGroup.Should().Be(GuestKernel.Group(address), "the package reads {0}'s iommu_group link", address);
            functions[address].Driver.Should().Be(GuestKernel.Driver(address), "the package reads {0}'s driver link", address);
        }

        functions[GuestKernel.Driverless].Driver.Should().BeNull("no driver claims QEMU's edu device");
        functions[GuestKernel.Bridge].IsBridge.Should().BeTrue();
        functions[GuestKernel.Single].Driver.Should().Be("e1000e");
        functions[GuestKernel.SlotFunction1].Driver.Should().Be("e1000");
    }

    [GuestFact]
    public void The_groups_are_single_function_two_function_slot_and_bridge()
    {
        var iommu = new IommuInspector(GuestKernel.Options(), GuestKernel.FileSystem);
        var state = iommu.GetState();
        state.Enabled.Should().BeTrue(state.Reason);
        state.IommufdAvailable.Should().BeFalse("Debian builds these kernels without CONFIG_IOMMUFD");
        state.GroupCount.Should().Be(Directory.GetDirectories("/sys/kernel/iommu_groups").Length);

        iommu.GetGroupMembers(GuestKernel.Group(GuestKernel.Single)).Should().Equal(GuestKernel.Single);
        iommu.GetGroupMembers(GuestKernel.Group(GuestKernel.SlotFunction0)).Should().Equal(GuestKernel.SlotFunction0, GuestKernel.SlotFunction1);
        iommu.GetGroupMembers(GuestKernel.Group(GuestKernel.Bridge)).Should().Equal(GuestKernel.Bridge, GuestKernel.BehindBridge1, GuestKernel.BehindBridge2);
        iommu.GetGroupMembers(GuestKernel.Group(GuestKernel.Driverless)).Should().Equal(GuestKernel.Driverless);
        foreach (var directory in Directory.GetDirectories("/sys/kernel/iommu_groups"))
        {
            var group = int.Parse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture);
            iommu.GetGroupMembers(group).Should().Equal(GuestKernel.GroupMembers(group));
        }
    }

    [GuestFact]
    public void Discovery_stays_nvidia_only_while_a_named_function_can_be_planned()
    {
        GuestKernel.Discovery().GetNvidiaGpus().Should().BeEmpty("the guest has PCI functions but no NVIDIA GPU");
        var planner = GuestKernel.Planner();

        planner.Invoking(p => p.Plan(GuestKernel.Single)).Should().Throw<UnsupportedDeviceException>();
        var plan = planner.PlanFunction(GuestKernel.Single);
        plan.IsViable.Should().BeTrue();
        plan.FunctionsToSwitch.Select(f => f.Address).Should().Equal(GuestKernel.Single);
        plan.VfioDriver.Module.Should().Be("vfio_pci");
    }
}
