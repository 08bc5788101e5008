using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>A switch killed after the unbind and before the bind; start-up recovery from the durable record.</summary>
public sealed class CrashRecoveryTests
{
    [GuestFact]
    public async Task Killed_between_unbind_and_bind_recovery_restores_the_recorded_driver()
    {
        var group = GuestKernel.Group(GuestKernel.Single);
        using var scratch = new Scratch();
        using (var crashing = Child.Start([], "--crash-switch", GuestKernel.Single.ToString(), scratch.File("record.json")))
        {
            var exit = crashing.Wait(TimeSpan.FromSeconds(120));
            exit.Should().Be(137, "the process was SIGKILLed at the kill point: {0}", crashing.Output);
        }

        GuestKernel.Driver(GuestKernel.Single).Should().BeNull("it died after the unbind, before the bind");

        // Start-up recovery: a new process reads the record written before the first side effect and restores.
        var record = DriverSwitchRecord.FromJson(await File.ReadAllTextAsync(scratch.File("record.json")));
        await GuestKernel.Switch().RestoreAsync(record);

        GuestKernel.Driver(GuestKernel.Single).Should().Be("e1000e");
        GuestKernel.Override(GuestKernel.Single).Should().Be("(null)");
        GuestKernel.GroupNodeExists(group).Should().BeFalse();
    }
}
