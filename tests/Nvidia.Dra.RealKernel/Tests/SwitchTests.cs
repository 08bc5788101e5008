using System.Diagnostics;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>The switch to vfio-pci and back through the package, checked against the kernel's links and nodes.</summary>
public sealed class SwitchTests
{
    [GuestFact]
    public async Task Single_function_switches_to_vfio_and_back()
    {
        var group = GuestKernel.Group(GuestKernel.Single);
        var plan = GuestKernel.Planner().PlanFunction(GuestKernel.Single);
        var sw = GuestKernel.Switch();

        var watch = Stopwatch.StartNew();
        var record = await sw.SwitchToVfioAsync(plan);
        var toVfio = watch.Elapsed;

        GuestKernel.Driver(GuestKernel.Single).Should().Be("vfio-pci");
        GuestKernel.Override(GuestKernel.Single).Should().Be("vfio-pci");
        GuestKernel.GroupNodeExists(group).Should().BeTrue();
        GuestKernel.HasVfioDev(GuestKernel.Single).Should().BeTrue();
        (VfioUapi.GroupStatus(group) & VfioUapi.GroupFlagsViable).Should().Be(VfioUapi.GroupFlagsViable);
        record.Functions.Should().ContainSingle().Which.Should().Be(new FunctionBinding(GuestKernel.Single, "e1000e", null));

        watch.Restart();
        await sw.RestoreAsync(record);
        var back = watch.Elapsed;

        GuestKernel.Driver(GuestKernel.Single).Should().Be("e1000e");
        GuestKernel.Override(GuestKernel.Single).Should().Be("(null)");
        GuestKernel.WaitFor(() => !GuestKernel.GroupNodeExists(group), TimeSpan.FromSeconds(5)).Should().BeTrue("/dev/vfio/{0} goes with the last vfio-pci member", group);
        GuestKernel.HasVfioDev(GuestKernel.Single).Should().BeFalse();
        Console.WriteLine($"     timing {GuestKernel.Release} single function: to vfio-pci {toVfio.TotalMilliseconds:0} ms, back {back.TotalMilliseconds:0} ms");
    }

    [GuestFact]
    public async Task Driver_override_is_restored_exactly()
    {
        GuestKernel.Write($"/sys/bus/pci/devices/{GuestKernel.Single}/driver_override", "e1000e");
        try
        {
            var plan = GuestKernel.Planner().PlanFunction(GuestKernel.Single);
            plan.PriorState.Functions.Single().DriverOverride.Should().Be("e1000e");
            var sw = GuestKernel.Switch();

            var record = await sw.SwitchToVfioAsync(plan);
            GuestKernel.Override(GuestKernel.Single).Should().Be("vfio-pci");
            await sw.RestoreAsync(record);

            GuestKernel.Driver(GuestKernel.Single).Should().Be("e1000e");
            GuestKernel.Override(GuestKernel.Single).Should().Be("e1000e");
        }
        finally
        {
            GuestKernel.Write($"/sys/bus/pci/devices/{GuestKernel.Single}/driver_override", "\n");
        }
    }

    [GuestFact]
    public async Task Two_function_slot_switches_with_its_companion()
    {
        var group = GuestKernel.Group(GuestKernel.SlotFunction0);
        var plan = GuestKernel.Planner().PlanFunction(GuestKernel.SlotFunction0);
        plan.FunctionsToSwitch.Select(f => f.Address).Should().Equal(GuestKernel.SlotFunction0, GuestKernel.SlotFunction1);
        var sw = GuestKernel.Switch();

        var watch = Stopwatch.StartNew();
        var record = await sw.SwitchToVfioAsync(plan);
        var toVfio = watch.Elapsed;
        GuestKernel.Driver(GuestKernel.SlotFunction0).Should().Be("vfio-pci");
        GuestKernel.Driver(GuestKernel.SlotFunction1).Should().Be("vfio-pci");
        (VfioUapi.GroupStatus(group) & VfioUapi.GroupFlagsViable).Should().Be(VfioUapi.GroupFlagsViable);

        watch.Restart();
        await sw.RestoreAsync(record);
        var back = watch.Elapsed;
        GuestKernel.Driver(GuestKernel.SlotFunction0).Should().Be("e1000");
        GuestKernel.Driver(GuestKernel.SlotFunction1).Should().Be("e1000");
        GuestKernel.WaitFor(() => !GuestKernel.GroupNodeExists(group), TimeSpan.FromSeconds(5)).Should().BeTrue();
        Console.WriteLine($"     timing {GuestKernel.Release} two-function slot: to vfio-pci {toVfio.TotalMilliseconds:0} ms, back {back.TotalMilliseconds:0} ms");
    }

    [GuestFact]
    public async Task Bridge_group_viability_matches_the_kernel_full_and_half_bound()
    {
        var group = GuestKernel.Group(GuestKernel.BehindBridge1);
        var planner = GuestKernel.Planner();

        var alone = planner.PlanFunction(GuestKernel.BehindBridge1);
        alone.IsViable.Should().BeFalse();
        alone.Blockers.Should().ContainSingle().Which.Function.Should().Be(GuestKernel.BehindBridge2);

        var plan = planner.PlanFunction(GuestKernel.BehindBridge1, [GuestKernel.BehindBridge2]);
        plan.IsViable.Should().BeTrue();
        plan.Members.Single(m => m.Function.Address == GuestKernel.Bridge).Role.Should().Be(PlanRole.Stay, "a bridge does not count for viability");
        var sw = GuestKernel.Switch();
        var record = await sw.SwitchToVfioAsync(plan);

        // Full group on vfio-pci, driverless bridge: both the kernel and the package say viable.
        VfioUapi.GroupStatus(group).Should().Be(VfioUapi.GroupFlagsViable);
        planner.PlanFunction(GuestKernel.BehindBridge1).IsViable.Should().BeTrue();

        // Half-bound: the second device back on e1000. Neither says viable any more.
        await sw.RestoreAsync(record with { Functions = [.. record.Functions.Where(f => f.Address == GuestKernel.BehindBridge2)] });
        GuestKernel.Driver(GuestKernel.BehindBridge2).Should().Be("e1000");
        (VfioUapi.GroupStatus(group) & VfioUapi.GroupFlagsViable).Should().Be(0u);
        var half = planner.PlanFunction(GuestKernel.BehindBridge1);
        half.IsViable.Should().BeFalse();
        half.Blockers.Should().ContainSingle().Which.Function.Should().Be(GuestKernel.BehindBridge2);

        await sw.RestoreAsync(record);
        GuestKernel.Driver(GuestKernel.BehindBridge1).Should().Be("e1000");
        GuestKernel.Driver(GuestKernel.BehindBridge2).Should().Be("e1000");
        GuestKernel.WaitFor(() => !GuestKernel.GroupNodeExists(group), TimeSpan.FromSeconds(5)).Should().BeTrue();
    }
}
