using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Unbinding from vfio-pci while a process holds the device descriptor blocks in the kernel until the holder lets go.
/// A visible holder is refused up front; an invisible one leaves a stuck write the package must contain.
/// </summary>
public sealed class HungUnbindTests
{
    [GuestFact]
    public Task A_visible_holder_is_refused_by_name_and_nothing_is_written() =>
        RefusedWhileHeldAsync(deviceOnly: false, (holder, refusal) =>
        {
            refusal.Holders.Select(h => h.Pid).Should().Contain(holder.Pid);
            refusal.Message.Should().Contain(holder.Pid.ToString(CultureInfo.InvariantCulture));
        });

    [GuestFact]
    public Task A_holder_of_only_the_device_descriptor_is_refused_too() =>
        RefusedWhileHeldAsync(deviceOnly: true, (holder, refusal) =>
            refusal.Holders.Should().Contain(h => h.Pid == holder.Pid && h.DevicePath == "anon_inode:[vfio-device]"));

    [GuestFact]
    public async Task An_invisible_holder_leaves_a_stuck_unbind_that_is_contained_and_converges()
    {
        var group = GuestKernel.Group(GuestKernel.Single);
        var record = await GuestKernel.Switch().SwitchToVfioAsync(GuestKernel.Planner().PlanFunction(GuestKernel.Single));
        using var scratch = new Scratch();
        await File.WriteAllTextAsync(scratch.File("record.json"), record.ToJson());

        var holder = Child.Hold(group, GuestKernel.Single);
        try
        {
            using var release = Child.Start(Child.WithoutHostPids, "--hung-release", scratch.File("record.json"), scratch.File("signal"));
            GuestKernel.WaitFor(() => File.Exists(scratch.File("signal.stuck")), TimeSpan.FromSeconds(120))
                .Should().BeTrue("the releasing process reports its stuck write: {0}", release.Output);
            holder.Dispose();
            var exit = release.Wait(TimeSpan.FromSeconds(120));
            Console.WriteLine(string.Join('\n', release.Output.Split('\n').Where(l => l.StartsWith("result", StringComparison.Ordinal)).Select(l => "     " + l)));
            release.Output.Should().NotContain("FAIL");
            exit.Should().Be(0, release.Output);
            release.Output.Should().Contain("check converges: ok");
            var blockedRead = release.Output.Contains("driver_override read while stuck: blocked", StringComparison.Ordinal);
            blockedRead.Should().Be(GuestKernel.Release.StartsWith("6.1.", StringComparison.Ordinal), "6.1 holds the device lock for driver_override reads, 6.12 does not");
        }
        finally
        {
            holder.Dispose();
        }

        GuestKernel.Driver(GuestKernel.Single).Should().Be("e1000e");
        GuestKernel.Override(GuestKernel.Single).Should().Be("(null)");
        GuestKernel.WaitFor(() => !GuestKernel.GroupNodeExists(group), TimeSpan.FromSeconds(5)).Should().BeTrue();
    }

    private static async Task RefusedWhileHeldAsync(bool deviceOnly, Action<Child, GpuBusyException> named)
    {
        var group = GuestKernel.Group(GuestKernel.Single);
        var sw = GuestKernel.Switch();
        var record = await sw.SwitchToVfioAsync(GuestKernel.Planner().PlanFunction(GuestKernel.Single));

        using (var holder = Child.Hold(group, GuestKernel.Single, deviceOnly))
        {
            var refusal = await sw.Invoking(s => s.RestoreAsync(record)).Should().ThrowAsync<GpuBusyException>();
            named(holder, refusal.Which);
            GuestKernel.Driver(GuestKernel.Single).Should().Be("vfio-pci", "nothing was unbound");
            GuestKernel.Override(GuestKernel.Single).Should().Be("vfio-pci", "nothing was written");
        }

        await sw.RestoreAsync(record);
        GuestKernel.Driver(GuestKernel.Single).Should().Be("e1000e");
    }
}
