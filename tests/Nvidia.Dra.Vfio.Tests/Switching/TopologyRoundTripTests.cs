using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

/// <summary>On every topology and VFIO layout: each GPU is either refused before any write, or switched and restored exactly.</summary>
public sealed class TopologyRoundTripTests
{
    // Every machine on its own layout and on a kernel without the VFIO device cdev (vfio-dev/vfioN, no dev file).
    public static TheoryData<string> Topologies =>
        [.. SimulatedTopologies.All.SelectMany(t => new[] { t.Name, SimulatedTopologies.WithoutDeviceCdev(t).Name })];

    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task SwitchThenRestore_EveryGpu_EndsExactlyWhereItStarted(string name)
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Find(name));

        foreach (var gpu in vfio.Discovery.GetNvidiaGpus())
        {
            var plan = vfio.Planner.Plan(gpu.Address);
            if (!plan.IsViable)
            {
                var writes = vfio.Host.Kernel.Writes.Count;
                var refused = () => vfio.Switch.SwitchToVfioAsync(plan);
                await refused.Should().ThrowAsync<VfioException>();
                vfio.Host.Kernel.Writes.Should().HaveCount(writes, "a refused plan writes nothing");
                continue;
            }

            var record = await vfio.Switch.SwitchToVfioAsync(plan);
            plan.FunctionsToSwitch.Should().OnlyContain(f => vfio.Host.DriverOf(f.Address)!.Contains("vfio", StringComparison.Ordinal));
            if (plan.IommuGroup is { } group)
            {
                File.Exists(vfio.Host.VfioGroupNode(group)).Should().BeTrue();
            }

            await vfio.NewSwitch().RestoreAsync(DriverSwitchRecord.FromJson(record.ToJson()));
        }

        vfio.Bindings().Should().Equal(vfio.InitialBindings());
        vfio.Discovery.GetNvidiaGpus().Should().OnlyContain(g => vfio.Host.UnbindLockOf(g.Address) != "1", "no GPU is left with nvidia's unbindLock taken");
    }

    [Fact]
    public void HostPaths_WriteOutsideTheRoots_IsRefused()
    {
        using var host = SimulatedHost.Create(SimulatedTopologies.SxmH200());
        var paths = new HostPaths(host.CreateOptions());

        paths.IsWritable(Path.Join(host.SysfsRoot, "bus/pci/drivers/nvidia/unbind")).Should().BeTrue();
        paths.IsWritable(Path.Join(host.SysfsRoot, "../../etc/passwd")).Should().BeFalse();
        paths.IsWritable("/sys/bus/pci/drivers/nvidia/unbind").Should().BeFalse();
    }
}
