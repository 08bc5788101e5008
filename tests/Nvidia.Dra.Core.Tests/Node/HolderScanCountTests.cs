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
    public async Task Prepare_FreeGpu_WalksProcOnce_TheSwitchsOwnCheckBeforeItsFirstWrite()
    {
        CountingScanner? scanner = null;
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), extend: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeviceHolderScanner>(sp =>
            scanner = new CountingScanner(new DeviceHolderScanner(sp.GetRequiredService<IOptions<VfioHostOptions>>(), sp.GetRequiredService<IFileSystem>())))));
        await node.Service.StartAsync();
        var before = scanner!.Walks;

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        results[0].Error.Should().BeNull();
        (scanner.Walks - before).Should().Be(1, "the switch checks right before its first write; the prepare waits only when that check finds the GPU held");
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

    [Fact]
    public async Task Prepare_NewHolderArrivesAfterTheWait_WaitsAgainWithinTheSameBoundThenSwitches()
    {
        // The first holder exits while the prepare waits; another opens the GPU between the wait's last look and the
        // switch's own check: the switch refuses before its first write, and the prepare waits again instead of
        // failing.
        SimulatedHolder? first = null;
        SimulatedHolder? newcomer = null;
        SimulatedHost? host = null;
        var waits = 0;
        using var node = new NodeHarness(SimulatedTopologies.SxmH200(), configure: o => o.HolderWaitTimeout = TimeSpan.FromSeconds(10), extend: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeviceHolderScanner>(sp =>
            new CountingScanner(new DeviceHolderScanner(sp.GetRequiredService<IOptions<VfioHostOptions>>(), sp.GetRequiredService<IFileSystem>()))
            {
                BeforeWait = _ => ExitSoon(++waits == 1 ? first! : newcomer!),
                AfterWait = path => newcomer ??= host!.AddHolder(path, "nvidia-smi"),
            })));
        host = node.Host;
        await node.Service.StartAsync();
        first = node.Host.AddHolder(node.Host.GpuNode(0), "dcgm-exporter");

        var results = await node.Service.PrepareResourceClaimsAsync([ClaimFactory.Vfio(Uid, ClaimFactory.VfioDevice(Gpu))]);

        results[0].Error.Should().BeNull("the newcomer left within the holder wait's bound");
        waits.Should().Be(2, "the switch found the newcomer, so the prepare waited a second time");
        node.DriverOf(Gpu).Should().Be("vfio-pci");

        static void ExitSoon(SimulatedHolder holder) => _ = Task.Delay(100).ContinueWith(_ => holder.Exit(), TaskScheduler.Default);
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

        /// <summary>Gets what runs as a wait starts (a test's holder leaving).</summary>
        public Action<string>? BeforeWait { get; init; }

        /// <summary>Gets what runs after a wait found the node free (a test's newcomer).</summary>
        public Action<string>? AfterWait { get; init; }

        public async Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default)
        {
            Walks++;
            BeforeWait?.Invoke(devicePath);
            await inner.WaitUntilFreeAsync(devicePath, timeout, device, cancellationToken);
            AfterWait?.Invoke(devicePath);
        }

        public string? GetGpuDeviceNode(PciAddress gpu) => inner.GetGpuDeviceNode(gpu);

        public IReadOnlyList<string> ListGpuDeviceNodes() => inner.ListGpuDeviceNodes();
    }
}
