using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.Tests.Support;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Tests.Node;

/// <summary>
/// A walk of <c>/proc</c> reads every process's fds (thousands on a busy node): a prepare makes as few as its checks
/// need, and still refuses a GPU that is held.
/// </summary>
public sealed class HolderScanCountTests
{
    private const string Uid = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
    private const string Gpu = "0000:1b:00.0";

    [Fact]
    public async Task Prepare_FreeGpu_WalksProcOnce_TheSwitchsOwnCheckBeforeTheUnbindLock()
    {
        CountingScanner? scanner = null;
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeviceHolderScanner>(sp =>
            scanner = new CountingScanner(new DeviceHolderScanner(sp.GetRequiredService<IOptions<VfioHostOptions>>(), sp.GetRequiredService<IFileSystem>())))));
        await node.Service.StartAsync();
        var before = scanner!.Walks;

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        results[0].Error.Should().BeNull();
        (scanner.Walks - before).Should().Be(1, "the switch checks right before the unbindLock; the prepare waits only when that check finds the GPU held");
    }

    [Fact]
    public async Task Prepare_GpuHeld_StillWaitsAndRefuses()
    {
        using var node = new NodeHarness(SimulatedTopologies.SxmH200());
        await node.Service.StartAsync();
        node.Host.AddHolder(node.Host.GpuNode(0), "dcgm-exporter", "0::/kubepods/besteffort/pod1/cri-containerd-3f2a9c.scope");

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        results[0].Error.Should().BeOfType<GpuInUseException>().Which.Message.Should().Contain("dcgm-exporter");
        node.DriverOf(Gpu).Should().Be("nvidia");
        node.Host.Kernel.Writes.Should().BeEmpty("the switch found the GPU held before its first write, and the wait ran out");
    }

    /// <summary>The real scanner, counting its walks of <c>/proc</c>: one per scan, at least one per wait.</summary>
    private sealed class CountingScanner(IDeviceHolderScanner inner) : IDeviceHolderScanner
    {
        public int Walks { get; private set; }

        public IReadOnlyList<DeviceHolder> FindHolders(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default) =>
            Scan(devicePaths, cancellationToken).Holders;

        public HolderScanResult Scan(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default)
        {
            Walks++;
            return inner.Scan(devicePaths, cancellationToken);
        }

        public Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default)
        {
            Walks++;
            return inner.WaitUntilFreeAsync(devicePath, timeout, device, cancellationToken);
        }

        public string? GetGpuDeviceNode(PciAddress gpu) => inner.GetGpuDeviceNode(gpu);

        public IReadOnlyList<string> ListGpuDeviceNodes() => inner.ListGpuDeviceNodes();
    }
}
