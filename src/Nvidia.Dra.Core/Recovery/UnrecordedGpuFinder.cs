using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Preparation;
using Nvidia.Dra.Vfio;
using VfioPciAddress = Nvidia.Dra.Vfio.PciAddress;

namespace Nvidia.Dra.Core.Recovery;

/// <summary>
/// Finds GPUs this driver switched whose record is gone: a claim CDI spec <c>k8s.&lt;driver&gt;-claim_&lt;uid&gt;.yaml</c>
/// for a UID the checkpoint does not know, naming devices whose GPU is on a VFIO driver now. Without this, a lost
/// checkpoint makes unprepare answer "ok" while the GPU stays switched.
/// </summary>
internal static class UnrecordedGpuFinder
{
    /// <summary>Finds the unrecorded GPUs.</summary>
    /// <param name="driverName">The DRA driver's name.</param>
    /// <param name="cdiRoot">Its CDI directory.</param>
    /// <param name="checkpoint">The checkpoint now.</param>
    /// <param name="driverOf">The driver a function is on now (throws <see cref="VfioException"/> when it is gone).</param>
    /// <returns>The GPUs, not yet acted on.</returns>
    public static IReadOnlyList<UnrecordedVfioGpu> Find(string driverName, string cdiRoot, Checkpoint checkpoint, Func<VfioPciAddress, string?> driverOf)
    {
        var found = new List<UnrecordedVfioGpu>();
        if (!Directory.Exists(cdiRoot))
        {
            return found;
        }

        var prefix = ClaimCdiSpecs.SpecName(driverName, string.Empty);
        foreach (var file in Directory.EnumerateFiles(cdiRoot, prefix + "*.yaml").Order(StringComparer.Ordinal))
        {
            var uid = Path.GetFileNameWithoutExtension(file)[prefix.Length..];
            if (uid.Length == 0 || checkpoint.Claims.ContainsKey(uid))
            {
                continue;
            }

            CdiSpec spec;
            try
            {
                spec = CdiSpecSerializer.Load(File.ReadAllText(file), file);
            }
            catch (Exception ex) when (ex is CdiException or IOException)
            {
                continue; // Not a spec we can read: nothing tells which GPU it was.
            }

            var files = Directory.EnumerateFiles(cdiRoot, $"{driverName}_metadata_{uid}_*.json").Prepend(file).ToList();
            foreach (var device in spec.Devices)
            {
                if (!device.Name.StartsWith(uid + "-", StringComparison.Ordinal) ||
                    DeviceNames.TryGetPciAddress(device.Name[(uid.Length + 1)..]) is not { } address ||
                    !VfioPciAddress.TryParse(address, out var pci))
                {
                    continue;
                }

                string? driver;
                try
                {
                    driver = driverOf(pci);
                }
                catch (VfioException)
                {
                    continue; // Gone from the bus: nothing to protect.
                }

                if (DriverKinds.IsVfio(driver))
                {
                    found.Add(new UnrecordedVfioGpu(address, uid, driver!, files, Restored: false));
                }
            }
        }

        return found;
    }
}
