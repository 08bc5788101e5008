using Nvidia.Dra.Testing;

namespace Nvidia.Dra.Vfio.Tests;

/// <summary>
/// The holder scan before an unbind also lists every other group's node; another GPU can leave vfio-pci (its node
/// removed) between that listing and the scan. That is not a reason to fail; our own node missing still is.
/// </summary>
public sealed class VanishingGroupNodeTests
{
    private static readonly PciAddress Ours = PciAddress.Parse("0000:18:00.0");
    private static readonly PciAddress Other = PciAddress.Parse("0000:2a:00.0");

    [Fact]
    public async Task Restore_succeeds_when_another_groups_node_vanishes_before_the_scan()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());
        var ours = await vfio.Switch.SwitchToVfioAsync(vfio.Planner.Plan(Ours));
        var other = vfio.Planner.Plan(Other);
        await vfio.NewSwitch().SwitchToVfioAsync(other);
        var otherNode = vfio.Host.VfioGroupNode(other.IommuGroup!.Value);
        var scanner = new RemovingScanner(new DeviceHolderScanner(vfio.Options, vfio.Host.FileSystem), otherNode);

        await new DriverSwitch(vfio.Options, vfio.Resolver, scanner, vfio.Host.FileSystem).RestoreAsync(ours);

        scanner.Removed.Should().BeTrue("the other group's node vanished after the listing");
        scanner.Calls.Should().Be(2, "the scan is made again with a fresh listing");
        vfio.Host.DriverOf(Ours).Should().Be("nvidia");
    }

    [Fact]
    public async Task Restore_still_fails_when_our_own_groups_node_vanishes_before_the_scan()
    {
        using var vfio = new VfioFixture(SimulatedTopologies.Hgx8Gpu());
        var plan = vfio.Planner.Plan(Ours);
        var ours = await vfio.Switch.SwitchToVfioAsync(plan);
        var ownNode = vfio.Host.VfioGroupNode(plan.IommuGroup!.Value);
        var scanner = new RemovingScanner(new DeviceHolderScanner(vfio.Options, vfio.Host.FileSystem), ownNode);

        var act = () => new DriverSwitch(vfio.Options, vfio.Resolver, scanner, vfio.Host.FileSystem).RestoreAsync(ours);

        (await act.Should().ThrowAsync<VfioException>()).Which.ToString().Should().Contain(nameof(DeviceNodeNotFoundException));
        scanner.Calls.Should().Be(1, "a missing node of ours is never retried into \"free\"");
        vfio.Host.DriverOf(Ours).Should().Be("vfio-pci");
    }

    /// <summary>Deletes one node just before the first scan, as a concurrent switch would.</summary>
    private sealed class RemovingScanner(IDeviceHolderScanner inner, string node) : IDeviceHolderScanner
    {
        public bool Removed { get; private set; }

        public int Calls { get; private set; }

        public IReadOnlyList<DeviceHolder> FindHolders(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default)
        {
            Calls++;
            if (!Removed && devicePaths.Contains(node))
            {
                File.Delete(node);
                Removed = true;
            }

            return inner.FindHolders(devicePaths, cancellationToken);
        }

        public HolderScanResult Scan(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default) =>
            inner.Scan(devicePaths, cancellationToken);

        public Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default) =>
            inner.WaitUntilFreeAsync(devicePath, timeout, device, cancellationToken);

        public string? GetGpuDeviceNode(PciAddress gpu) => inner.GetGpuDeviceNode(gpu);

        public IReadOnlyList<string> ListGpuDeviceNodes() => inner.ListGpuDeviceNodes();
    }
}
