using System.Collections.Concurrent;
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
    // What NVML last said of each GPU while it was on nvidia. A GPU this driver switched to vfio-pci is the same GPU,
    // but NVML no longer sees it: without this its advertised attributes (and its gpu view) would change with every
    // prepare and unprepare, and with them the ResourceSlices the API server stores.
    private readonly ConcurrentDictionary<string, (NvmlGpuIdentity Identity, bool MigEnabled)> seenOnNvidia = new(StringComparer.OrdinalIgnoreCase);

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
            gpus.Add(ToGpu(function, preparedAddresses, ref system));
        }

        return gpus;
    }

    /// <summary>
    /// Re-reads only the binding and IOMMU group (and NVML identity on nvidia) of the given GPUs and reuses the
    /// other records of an earlier discovery as they are, with
    /// <see cref="PhysicalGpu.PreparedByThisDriver"/> taken from the checkpoint now. After one claim's change only its
    /// GPUs (and those sharing their IOMMU groups) can have changed through this driver, so a claim does not pay
    /// for reading every GPU's sysfs and NVML; a full <see cref="Discover"/> still runs at start-up and on every
    /// <c>GetResourceSlices</c>.
    /// </summary>
    /// <param name="previous">The GPUs of the earlier discovery, in its order.</param>
    /// <param name="changed">The PCI addresses the change touched (a set that ignores case: records and discovery may differ).</param>
    /// <param name="preparedAddresses">The PCI addresses the checkpoint records as prepared by this driver.</param>
    /// <returns>The GPUs, in the earlier order.</returns>
    public IReadOnlyList<PhysicalGpu> Refresh(IReadOnlyList<PhysicalGpu> previous, IReadOnlySet<string> changed, IReadOnlySet<string> preparedAddresses)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(preparedAddresses);

        // A switch acts on a whole IOMMU group, so every GPU sharing a group with a touched one is re-read too.
        var groups = previous.Where(g => g.IommuGroup is not null && changed.Contains(g.PciAddress)).Select(g => g.IommuGroup).ToHashSet();
        NvmlSystemInfo? system = null;
        var gpus = new List<PhysicalGpu>(previous.Count);
        foreach (var gpu in previous)
        {
            if (!changed.Contains(gpu.PciAddress) && (gpu.IommuGroup is null || !groups.Contains(gpu.IommuGroup)))
            {
                var prepared = preparedAddresses.Contains(gpu.PciAddress);
                gpus.Add(gpu.PreparedByThisDriver == prepared ? gpu : gpu with { PreparedByThisDriver = prepared });
                continue;
            }

            try
            {
                // A switch changes only the binding (and, on some kernels, the group); the identity read from the
                // PCI config space stays as discovered. The address came from discovery, so it parses.
                var address = Vfio.PciAddress.Parse(gpu.PciAddress);
                // The driver link alone: the slice shows the binding, not driver_override (the plan reads that).
                var driver = discovery.GetDriver(address);
                var prepared = preparedAddresses.Contains(gpu.PciAddress);
                var (identity, migEnabled) = Identify(gpu.PciAddress, driver, prepared, ref system);
                gpus.Add(gpu with
                {
                    Binding = DriverKinds.Classify(driver),
                    BoundDriverName = driver,
                    IommuGroup = discovery.GetIommuGroup(address),
                    PreparedByThisDriver = prepared,
                    MigModeEnabled = migEnabled,
                    Nvml = identity,
                });
            }
            catch (VfioException ex)
            {
                logger.GpuLeftOut(gpu.PciAddress, ex.Message);
            }
        }

        return gpus;
    }

    private PhysicalGpu ToGpu(PciFunction function, IReadOnlySet<string> preparedAddresses, ref NvmlSystemInfo? system)
    {
        var address = function.Address.ToString();
        var prepared = preparedAddresses.Contains(address);
        var (identity, migEnabled) = Identify(address, function.Driver, prepared, ref system);
        return new PhysicalGpu
        {
            PciAddress = address,
            VendorId = string.Create(CultureInfo.InvariantCulture, $"0x{function.VendorId:x4}"),
            DeviceId = string.Create(CultureInfo.InvariantCulture, $"0x{function.DeviceId:x4}"),
            Binding = DriverKinds.Classify(function.Driver),
            BoundDriverName = function.Driver,
            PreparedByThisDriver = prepared,
            IommuGroup = function.IommuGroup,
            PcieRoot = function.PcieRoot,
            NumaNode = function.NumaNode,
            Bar64TotalBytes = function.Bars.Where(b => b.Is64Bit).Aggregate(0UL, (sum, bar) => sum + bar.Size),
            MigModeEnabled = migEnabled,
            Nvml = identity,
        };
    }

    /// <summary>
    /// The NVML identity of a GPU on nvidia; of a GPU this driver switched away from nvidia, the identity NVML gave
    /// before (none when this process never saw it on nvidia). NVML is not asked about a GPU on another driver or none.
    /// </summary>
    private (NvmlGpuIdentity? Identity, bool MigEnabled) Identify(string address, string? driver, bool prepared, ref NvmlSystemInfo? system)
    {
        if (driver != DriverKinds.Nvidia)
        {
            return prepared && seenOnNvidia.TryGetValue(address, out var seen) ? seen : (null, false);
        }

        if (!nvml.TryGetGpuByPciBusId(address, out var gpu))
        {
            return (null, false);
        }

        system ??= nvml.GetSystemInfo();
        var identity = new NvmlGpuIdentity
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
        var migEnabled = gpu.MigMode is { CurrentEnabled: true };
        seenOnNvidia[address] = (identity, migEnabled);
        return (identity, migEnabled);
    }
}
