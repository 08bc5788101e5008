using Nvidia.Dra.Cdi;
using Nvidia.Dra.Vfio;
using VfioPciAddress = Nvidia.Dra.Vfio.PciAddress;

namespace Nvidia.Dra.Core.Recovery;

/// <summary>
/// Puts an unrecorded GPU back on <c>nvidia</c> and removes its claim's files. Its prior state is unknown (the record
/// is gone), so the GPU function goes to <c>nvidia</c> with no override; a VM still using it makes this fail with
/// the holders named, and nothing is changed.
/// </summary>
internal sealed class UnrecordedGpuReleaser(IDriverSwitch driverSwitch, IPciDiscovery discovery, ICdiSpecWriter cdi, UnrecordedGpuRegistry registry)
{
    public async Task ReleaseAsync(UnrecordedVfioGpu gpu, CancellationToken cancellationToken)
    {
        var address = VfioPciAddress.Parse(gpu.PciAddress);
        var group = discovery.GetIommuGroup(address);
        var record = new DriverSwitchRecord(address, group, gpu.Driver, [new FunctionBinding(address, "nvidia", null)]);
        await driverSwitch.RestoreAsync(record, cancellationToken).ConfigureAwait(false);
        foreach (var file in gpu.Files)
        {
            await cdi.RemoveAsync(Path.GetFileName(file), cancellationToken).ConfigureAwait(false);
        }

        registry.Remove(gpu.PciAddress);
    }
}
