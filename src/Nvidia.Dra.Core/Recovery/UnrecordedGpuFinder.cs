using System.Text.Json;
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
/// for a UID the checkpoint does not know, naming devices whose GPU is on a VFIO driver now, or, where that spec is
/// gone too or cannot be read, the claim's metadata CDI specs and the metadata files they mount. Without this, a lost checkpoint makes
/// unprepare answer "ok" while the GPU stays switched.
/// </summary>
/// <remarks>
/// A prepare writes the claim spec before the metadata files and a release removes it after them, so a crash never
/// leaves metadata files without it; they are read only when someone deleted it by hand.
/// </remarks>
internal static class UnrecordedGpuFinder
{
    /// <summary>Finds the unrecorded GPUs.</summary>
    /// <param name="driverName">The DRA driver's name.</param>
    /// <param name="cdiRoot">Its CDI directory.</param>
    /// <param name="checkpoint">The checkpoint now.</param>
    /// <param name="driverOf">The driver a function is on now (throws <see cref="VfioException"/> when it is gone).</param>
    /// <param name="readablePath">Where a host path named in a spec can be read (the doctor reads the host under a root).</param>
    /// <returns>The GPUs, not yet acted on.</returns>
    public static IReadOnlyList<UnrecordedVfioGpu> Find(string driverName, string cdiRoot, Checkpoint checkpoint, Func<VfioPciAddress, string?> driverOf, Func<string, string> readablePath)
    {
        var found = new List<UnrecordedVfioGpu>();
        if (!Directory.Exists(cdiRoot))
        {
            return found;
        }

        // One listing of the claims' metadata specs: listed with a claim spec as evidence, read where there is none.
        var metadataPrefix = $"{driverName}_metadata_";
        var metadataSpecs = Directory.EnumerateFiles(cdiRoot, metadataPrefix + "*.json")
            .GroupBy(file => ClaimUidOf(Path.GetFileNameWithoutExtension(file)[metadataPrefix.Length..]), StringComparer.Ordinal)
            .Where(claim => claim.Key.Length > 0 && !checkpoint.Claims.ContainsKey(claim.Key))
            .ToDictionary(claim => claim.Key, claim => claim.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var unreadableClaimSpecs = new Dictionary<string, string>(StringComparer.Ordinal);
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
                // Not a spec we can read: the claim's metadata files, below, may still tell which GPU it was.
                unreadableClaimSpecs[uid] = file;
                continue;
            }

            metadataSpecs.Remove(uid, out var metadata);
            var names = spec.Devices
                .Where(d => d.Name.StartsWith(uid + "-", StringComparison.Ordinal))
                .Select(d => d.Name[(uid.Length + 1)..]);
            AddSwitched(found, uid, names, [file, .. metadata ?? []], driverOf);
        }

        foreach (var (uid, metadata) in metadataSpecs.OrderBy(claim => claim.Key, StringComparer.Ordinal))
        {
            var names = metadata.SelectMany(file => MetadataDeviceNames(file, readablePath)).Distinct(StringComparer.Ordinal);

            // An unreadable claim spec is ours too, and is removed with the others when the GPU is restored.
            AddSwitched(found, uid, names, unreadableClaimSpecs.TryGetValue(uid, out var claimSpec) ? [claimSpec, .. metadata] : metadata, driverOf);
        }

        return found;
    }

    /// <summary>Adds the named devices whose GPU is on a VFIO driver now.</summary>
    private static void AddSwitched(List<UnrecordedVfioGpu> found, string uid, IEnumerable<string> deviceNames, List<string> files, Func<VfioPciAddress, string?> driverOf)
    {
        foreach (var name in deviceNames)
        {
            if (DeviceNames.TryGetPciAddress(name) is not { } address || !VfioPciAddress.TryParse(address, out var pci))
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

    /// <summary>The claim UID of a metadata spec named <c>&lt;uid&gt;_&lt;request&gt;</c> (neither has an underscore).</summary>
    private static string ClaimUidOf(string uidAndRequest) =>
        uidAndRequest.IndexOf('_', StringComparison.Ordinal) is > 0 and var cut ? uidAndRequest[..cut] : string.Empty;

    /// <summary>The device names in the metadata file a metadata spec mounts; none when either cannot be read.</summary>
    private static List<string> MetadataDeviceNames(string specFile, Func<string, string> readablePath)
    {
        var names = new List<string>();
        try
        {
            var spec = CdiSpecSerializer.Load(File.ReadAllText(specFile), specFile);
            if (spec.Devices.SelectMany(d => d.ContainerEdits.Mounts).FirstOrDefault() is not { } mount)
            {
                return names;
            }

            // Only requests[].devices[].name is needed: read as a plain document, whatever the attributes hold.
            using var document = JsonDocument.Parse(File.ReadAllBytes(readablePath(mount.HostPath)));
            if (document.RootElement is { ValueKind: JsonValueKind.Object } root &&
                root.TryGetProperty("requests", out var requests) && requests.ValueKind == JsonValueKind.Array)
            {
                foreach (var request in requests.EnumerateArray())
                {
                    if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("devices", out var devices) || devices.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var device in devices.EnumerateArray())
                    {
                        if (device.ValueKind == JsonValueKind.Object && device.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                        {
                            names.Add(name.GetString()!);
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is CdiException or IOException or UnauthorizedAccessException or JsonException)
        {
            // Nothing readable tells which GPU it was.
        }

        return names;
    }
}
