using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Tests.Doctor;

/// <summary>The real scanner, counting its whole-host scans and adding processes it "could not inspect".</summary>
internal sealed class ScanSpy(IDeviceHolderScanner inner, int uninspectable) : IDeviceHolderScanner
{
    public int Scans { get; private set; }

    public IReadOnlyList<DeviceHolder> FindHolders(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default) =>
        Scan(devicePaths, cancellationToken).Holders;

    public HolderScanResult Scan(IReadOnlyList<string> devicePaths, CancellationToken cancellationToken = default)
    {
        Scans++;
        var result = inner.Scan(devicePaths, cancellationToken);
        return result with { UninspectableProcesses = result.UninspectableProcesses + uninspectable };
    }

    public Task WaitUntilFreeAsync(string devicePath, TimeSpan timeout, PciAddress? device = null, CancellationToken cancellationToken = default) =>
        inner.WaitUntilFreeAsync(devicePath, timeout, device, cancellationToken);

    public string? GetGpuDeviceNode(PciAddress gpu) => inner.GetGpuDeviceNode(gpu);

    public IReadOnlyList<string> ListGpuDeviceNodes() => inner.ListGpuDeviceNodes();
}
