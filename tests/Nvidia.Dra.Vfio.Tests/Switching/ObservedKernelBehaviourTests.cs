using Microsoft.Extensions.Options;
using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

/// <summary>
/// What real kernels showed under QEMU (tests/Nvidia.Dra.RealKernel), reproduced by the simulated host so the fast
/// tests exercise it too: EBUSY binds into a group in use, the blocking unbind whose driver link vanishes early,
/// 6.1's blocking driver_override read, and "(null)" read-backs.
/// </summary>
public sealed class ObservedKernelBehaviourTests
{
    private static readonly PciAddress Audio = Addresses.WorkstationAudio;
    private static readonly PciAddress Gpu = Addresses.WorkstationGpu;

    [Fact]
    public async Task BindIntoAGroupInUse_FailsWithEbusy_LeavesTheFunctionDriverless_RetrySucceedsAfterTheUserLeft()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.WorkstationWithAudio());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Gpu));
        var vm = vfio.Host.UseVfioGroup(12, Gpu);
        var audioOnly = record with { Functions = [.. record.Functions.Where(f => f.Address == Audio)] };

        var act = () => WithoutHostPids(vfio).RestoreAsync(audioOnly);

        var error = (await act.Should().ThrowAsync<DriverSwitchFailedException>()).Which;
        error.Step.Should().Be(VfioStep.Bind);
        error.InnerException.Should().BeOfType<IOException>().Which.Message.Should().Contain("Device or resource busy");
        vfio.Host.DriverOf(Audio).Should().BeNull("the kernel leaves it without a driver");

        vm.Exit();
        await vfio.NewSwitch().RestoreAsync(record);
        vfio.Bindings().Should().Equal(vfio.InitialBindings());
    }

    [Fact]
    public async Task UnbindWhileTheDeviceFdIsOpen_Blocks_DriverLinkGoneAtOnce_ContainedAndConverges()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200(), o => o.SysfsWriteTimeout = TimeSpan.FromMilliseconds(300));
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        var vm = vfio.Host.UseVfioGroup(20, Addresses.SxmGpu);
        var release = WithoutHostPids(vfio);

        var first = (await release.Invoking(r => r.RestoreAsync(record)).Should().ThrowAsync<DriverSwitchFailedException>()).Which;

        first.Step.Should().Be(VfioStep.Unbind);
        first.InnerException.Should().BeOfType<DriverSwitchTimeoutException>();
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().BeNull("the driver link goes before the unbind returns");
        File.Exists(vfio.Host.VfioGroupNode(20)).Should().BeTrue("the group node stays while the device is still registered");
        await release.Invoking(r => r.RestoreAsync(record)).Should().ThrowAsync<DriverSwitchInFlightException>();

        vm.Exit();
        await WaitUntilNotInFlightAsync(() => release.RestoreAsync(record));
        vfio.Host.DriverOf(Addresses.SxmGpu).Should().Be("nvidia");
        File.Exists(vfio.Host.VfioGroupNode(20)).Should().BeFalse();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DriverOverrideRead_WhileAnUnbindWaits_BlocksOnlyWhereTheKernelTakesTheDeviceLock(bool linux61)
    {
        var topology = SimulatedTopologies.SxmH200() with { OverrideReadTakesDeviceLock = linux61 };
        using var vfio = new VfioFixture(topology, o => o.SysfsWriteTimeout = TimeSpan.FromMilliseconds(300));
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        var vm = vfio.Host.UseVfioGroup(20, Addresses.SxmGpu);
        await WithoutHostPids(vfio).Invoking(r => r.RestoreAsync(record)).Should().ThrowAsync<DriverSwitchFailedException>();

        var read = Task.Factory.StartNew(() => vfio.Discovery.ReadBinding(Addresses.SxmGpu), TaskCreationOptions.LongRunning);
        var returned = await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(500))) == read;

        returned.Should().Be(!linux61);
        vm.Exit();
        (await read.WaitAsync(TimeSpan.FromSeconds(10))).Driver.Should().NotBe("vfio-pci");
    }

    [Fact]
    public async Task ClearedOverride_ReadsBackAsNull_AndIsReportedAsNone()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.SxmH200());
        var record = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Addresses.SxmGpu));
        var overridePath = Path.Join(vfio.Host.SysfsRoot, "bus/pci/devices", Addresses.SxmGpu.ToString(), "driver_override");
        File.ReadAllText(overridePath).Should().Be("vfio-pci\n");

        await vfio.Switch.RestoreAsync(record);

        File.ReadAllText(overridePath).Should().Be("(null)\n", "the kernel prints an unset override as (null)");
        vfio.Discovery.ReadBinding(Addresses.SxmGpu).DriverOverride.Should().BeNull();
    }

    /// <summary>A switch whose holder scan cannot see the host's processes (a plugin without the host PID namespace).</summary>
    private static DriverSwitch WithoutHostPids(VfioFixture vfio)
    {
        var emptyProc = Path.Join(vfio.Host.Root, "proc-of-a-pid-namespace");
        Directory.CreateDirectory(emptyProc);
        var options = vfio.Host.CreateOptions();
        options.SysfsWriteTimeout = vfio.Options.Value.SysfsWriteTimeout;
        options.ProcRoot = emptyProc;
        var wrapped = Options.Create(options);
        return new DriverSwitch(wrapped, vfio.Resolver, new DeviceHolderScanner(wrapped, vfio.Host.FileSystem), vfio.Host.FileSystem);
    }

    private static async Task WaitUntilNotInFlightAsync(Func<Task> restore)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await restore();
                return;
            }
            catch (DriverSwitchInFlightException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }
}
