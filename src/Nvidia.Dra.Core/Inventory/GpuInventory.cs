using System.Globalization;
using Microsoft.Extensions.Logging;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>
/// Builds Core's per-GPU input records from sysfs (Nvidia.Dra.Vfio discovery) and NVML. A GPU on vfio-pci or
/// without a driver has no NVML identity; NVML is not even asked about it. A GPU whose sysfs cannot be read (a
/// malformed <c>numa_node</c>, say) is left out with a logged reason; the node and its other GPUs keep working.
/// </summary>
internal sealed class GpuInventory(IPciDiscovery discovery, INvml nvml, Recovery.UnrecordedGpuRegistry unrecorded, ILogger logger)
{
    /// <summary>Reads every NVIDIA GPU of the node now.</summary>
    /// <param name="preparedAddresses">The PCI addresses the checkpoint records as prepared by this driver.</param>
    /// <returns>The GPUs, by PCI address.</returns>
    public IReadOnlyList<PhysicalGpu> Discover(IReadOnlySet<string> preparedAddresses)
    {
        ArgumentNullException.ThrowIfNull(preparedAddresses);
        var functions = new List<PciFunction>();
        foreach (var address in discovery.ListNvidiaFunctions())
        {
            if (unrecorded.Find(address.ToString()) is not null)
            {
                continue; // Switched by this driver with its record lost: logged at start-up, not offered again.
            }

            try
            {
                if (discovery.GetFunction(address) is { IsNvidiaGpu: true } function)
                {
                    functions.Add(function);
                }
            }
            catch (VfioException ex)
            {
                logger.GpuLeftOut(address.ToString(), ex.Message);
            }
        }

        NvmlSystemInfo? system = null;
        var gpus = new List<PhysicalGpu>(functions.Count);
        foreach (var function in functions)
        {
            var address = function.Address.ToString();
            NvmlGpuIdentity? identity = null;
            var migEnabled = false;
            if (function.Driver == DriverKinds.Nvidia && nvml.TryGetGpuByPciBusId(address, out var gpu))
            {
                system ??= nvml.GetSystemInfo();
                migEnabled = gpu.MigMode is { CurrentEnabled: true };
                identity = new NvmlGpuIdentity
                {
                    Uuid = gpu.Uuid,
                    ProductName = gpu.Name,
                    Brand = gpu.Brand.ToString(),
                    Architecture = gpu.Architecture.ToString(),
                    CudaComputeCapability = gpu.ComputeCapability.ToString(),
                    DriverVersion = system.DriverVersion,
                    CudaDriverVersion = system.CudaDriverVersion.ToString(),
                    Minor = gpu.MinorNumber ?? -1,
                    MemoryBytes = gpu.MemoryTotalBytes,
                };
            }

            gpus.Add(new PhysicalGpu
            {
                PciAddress = address,
                VendorId = string.Create(CultureInfo.InvariantCulture, $"0x{function.VendorId:x4}"),
                DeviceId = string.Create(CultureInfo.InvariantCulture, $"0x{function.DeviceId:x4}"),
                Binding = DriverKinds.Classify(function.Driver),
                BoundDriverName = function.Driver,
                PreparedByThisDriver = preparedAddresses.Contains(address),
                IommuGroup = function.IommuGroup,
                PcieRoot = function.PcieRoot,
                NumaNode = function.NumaNode,
                Bar64TotalBytes = function.Bars.Where(b => b.Is64Bit).Aggregate(0UL, (sum, bar) => sum + bar.Size),
                MigModeEnabled = migEnabled,
                Nvml = identity,
            });
        }

        return gpus;
    }
}
