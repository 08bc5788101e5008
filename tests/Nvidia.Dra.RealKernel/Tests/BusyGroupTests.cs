namespace Nvidia.Dra.RealKernel;

/// <summary>A group in use by a VFIO user: the kernel refuses a host driver's bind with EBUSY.</summary>
public sealed class BusyGroupTests
{
    [GuestFact]
    public async Task Restore_bind_fails_with_EBUSY_while_the_group_is_in_use_and_a_retry_after_the_holder_left_succeeds()
    {
        var group = GuestKernel.Group(GuestKernel.SlotFunction0);
        var sw = GuestKernel.Switch();
        var record = await sw.SwitchToVfioAsync(GuestKernel.Planner().PlanFunction(GuestKernel.SlotFunction0));
        using var scratch = new Scratch();
        var companionOnly = record with { Functions = [.. record.Functions.Where(f => f.Address == GuestKernel.SlotFunction1)] };
        await File.WriteAllTextAsync(scratch.File("record.json"), companionOnly.ToJson());

        using (Child.Hold(group, GuestKernel.SlotFunction0))
        {
            // A releasing process without the host PID namespace cannot see the holder: the unbind of the companion
            // succeeds (its own device is not held), its bind back to e1000 meets a group in use.
            using var release = Child.Start(Child.WithoutHostPids, "--restore", scratch.File("record.json"));
            release.Wait(TimeSpan.FromSeconds(120));
            release.Output.Should().Contain("result DriverSwitchFailedException step=Bind errno=16", "EBUSY (16) from the bind becomes the typed error: {0}", release.Output);
            GuestKernel.Driver(GuestKernel.SlotFunction1).Should().BeNull("the kernel leaves the function without a driver");
        }

        await sw.RestoreAsync(record);
        GuestKernel.Driver(GuestKernel.SlotFunction0).Should().Be("e1000");
        GuestKernel.Driver(GuestKernel.SlotFunction1).Should().Be("e1000");
        GuestKernel.Override(GuestKernel.SlotFunction1).Should().Be("(null)");
    }
}
