using Nvidia.Dra.Cdi;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Checkpointing;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Metadata;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Vfio;
using VfioPciAddress = Nvidia.Dra.Vfio.PciAddress;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Decides everything about a prepare before its first side effect (W11): decodes and resolves the configs,
/// maps devices to GPUs, checks ownership against the checkpoint (the W1 backstop, by PCI address), SR-IOV VFs
/// (W18), IOMMU-group viability (W9), out-of-band rebinding (W22), builds the metadata files and validates the
/// CDI spec. It only reads; any rejection leaves the node and the files untouched.
/// </summary>
internal sealed class ClaimPlanner(
    NvidiaDraOptions options,
    FeatureGateSet gates,
    ClaimConfigResolver resolver,
    IPassthroughPlanner planner,
    IIommuInspector iommu,
    INvml nvml,
    Recovery.UnrecordedGpuRegistry unrecorded)
{
    /// <summary>Plans the prepare of a claim.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="identity">Its validated identity.</param>
    /// <param name="checkpoint">The checkpoint now.</param>
    /// <param name="snapshot">The current publication.</param>
    /// <param name="resumed">The claim's own half-done entry, when a prepare is retried (W7: resume forward).</param>
    /// <returns>The plan.</returns>
    /// <exception cref="NvidiaDraException">The claim cannot be prepared; nothing was changed.</exception>
    public PreparationPlan Plan(ResourceClaim claim, ClaimIdentity identity, Checkpoint checkpoint, NodeSnapshot snapshot, ClaimRecord? resumed)
    {
        CheckResultsAreForThisNode(claim, identity, snapshot.Publication.PoolName);
        var resolved = resolver.Resolve(claim, snapshot.Publication.DeviceKindOf).GetDevicesOrThrow();
        var containerDevices = resolved.Where(d => d.Kind != DeviceKind.Vfio).ToList();
        if (containerDevices.Count > 0)
        {
            throw new ClaimConfigException(
                $"claim {identity.Description} allocates container devices ({string.Join(", ", containerDevices.Select(d => d.Device))}); " +
                "this node service prepares vfio (passthrough) claims only: serve gpu and mig claims with the container path of your driver");
        }

        // Only iommufd matters here (one stat); the passthrough plan checks the IOMMU is on.
        var iommufdAvailable = iommu.IsIommufdAvailable();
        var devices = new List<PlannedDevice>();
        var records = new List<DeviceRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in resolved)
        {
            var address = snapshot.Publication.Find(device.Device)!.PciAddress;
            Reject(!seen.Add(address), identity, address, $"GPU {address} is allocated twice in this claim; the allocation is inconsistent, recreate the claim");
            var previous = resumed?.Devices.FirstOrDefault(d => d.PciAddress == address);
            var plan = PlanGpu(identity, address, previous);
            foreach (var function in plan.FunctionsToSwitch.Select(f => f.Address.ToString()).Append(address))
            {
                if (checkpoint.OwnerOf(function, identity.Uid) is { } owner)
                {
                    Reject(true, identity, address, $"PCI function {function} is already prepared for claim {owner.Namespace}/{owner.Name} ({owner.Uid}); the scheduler's shared counters should prevent this, so the claim was allocated against a stale ResourceSlice: delete and recreate the pod");
                }
            }

            if (previous is null)
            {
                CheckNotReboundOutOfBand(identity, address, snapshot, plan);
            }

            var config = (Configs.VfioDeviceConfig)device.Config;
            var iommuFd = config.Iommu.BackendPolicy == Configs.IommuBackendPolicy.PreferIommuFD && iommufdAvailable;
            Reject(!iommuFd && plan.IommuGroup is null, identity, address, $"GPU {address} has no IOMMU group, so /dev/vfio/<group> cannot be injected; enable the IOMMU (intel_iommu=on or amd_iommu=on, iommu=pt) and reboot");
            devices.Add(new PlannedDevice(device, VfioPciAddress.Parse(address), plan));
            records.Add(previous ?? NewRecord(device, address, plan));
        }

        var useIommuFd = iommufdAvailable && devices.Count > 0 &&
                         devices.All(d => ((Configs.VfioDeviceConfig)d.Resolved.Config).Iommu.BackendPolicy == Configs.IommuBackendPolicy.PreferIommuFD);
        var enableApiDevice = devices.Any(d => ((Configs.VfioDeviceConfig)d.Resolved.Config).Iommu.EnableApiDevice);
        ValidateClaimSpec(identity, devices, useIommuFd, enableApiDevice);
        var metadata = gates.DeviceMetadata && devices.Count > 0
            ? DeviceMetadataBuilder.Build(claim, options.DriverName, options.PluginDataDirectory, [.. devices.Select(d => Describe(d, snapshot))])
            : [];
        var record = new ClaimRecord
        {
            Uid = identity.Uid,
            Name = identity.Name,
            Namespace = identity.Namespace,
            State = ClaimState.PrepareStarted,
            Devices = records,
            CdiSpecName = ClaimCdiSpecs.SpecName(options.DriverName, identity.Uid),
            MetadataSpecNames = [.. metadata.Select(f => f.CdiSpecFileName)],
            MetadataDirectory = metadata.Count > 0 ? DeviceMetadataBuilder.ClaimDirectory(options.PluginDataDirectory, identity.Namespace, identity.Name) : null,
        };
        CheckPaths(identity, record, metadata);
        return new PreparationPlan(identity, devices, record, metadata, useIommuFd, enableApiDevice);
    }

    private void CheckResultsAreForThisNode(ResourceClaim claim, ClaimIdentity identity, string pool)
    {
        foreach (var result in claim.Status?.Allocation?.Devices?.Results ?? [])
        {
            if (!string.Equals(result.Driver, options.DriverName, StringComparison.Ordinal))
            {
                continue;
            }

            if (result.AdminAccess == true)
            {
                throw new ClaimConfigException(
                    $"claim {identity.Description}: result for device '{result.Device}' (request {result.Request}) has adminAccess: true, but a VFIO device is handed whole to one VM and cannot be shared with an admin; " +
                    "nothing was changed. Remove adminAccess from the request");
            }

            if (DeviceNames.TryGetPciAddress(result.Device) is { } address && unrecorded.Find(address) is { } lost)
            {
                throw new ClaimPreparationException(
                    identity.Description,
                    address,
                    ClaimStep.Validate,
                    $"GPU {address} is on {lost.Driver} with this driver's files for claim {lost.ClaimUid} but the checkpoint has no record of it (the checkpoint was lost or deleted), so it is not offered; nothing was changed. " +
                    $"It is restored when kubelet unprepares claim {lost.ClaimUid}; or stop whatever uses it and restart the plugin with RestoreUnrecordedVfioGpus",
                    rolledBack: true);
            }

            if (!string.Equals(result.Pool, pool, StringComparison.Ordinal))
            {
                throw new ClaimConfigException(
                    $"claim {identity.Description}: result for device '{result.Device}' (request {result.Request}) is from pool '{result.Pool}', but this node serves pool '{pool}'; " +
                    "nothing was changed. The claim was allocated on another node: check the pod's node and the claim's allocation");
            }
        }
    }

    private void CheckPaths(ClaimIdentity identity, ClaimRecord record, IReadOnlyList<MetadataFile> metadata)
    {
        var paths = metadata.Select(f => (Root: options.PluginDataDirectory, Path: f.HostPath))
            .Concat(record.MetadataSpecNames.Append(record.CdiSpecName).Select(n => (Root: options.CdiRoot, Path: Path.Join(options.CdiRoot, CdiSpecNames.ToFileName(n)))));
        foreach (var (root, path) in paths)
        {
            if (PathSafety.CheckLength(path) is { } tooLong)
            {
                throw new ClaimConfigException(
                    $"claim {identity.Description}: {tooLong}, so its files cannot be written; nothing was changed. " +
                    "Shorten the claim's namespace and name (the metadata directory is '<namespace>_<name>'), or turn DeviceMetadata off");
            }

            if (PathSafety.FindLink(root, path) is { } link)
            {
                Reject(true, identity, record.Devices.FirstOrDefault()?.PciAddress ?? "(none)", $"{link}; files are never written through a link placed in {root}. Remove it (only this driver creates entries there) and retry");
            }
        }
    }

    private static void Reject(bool condition, ClaimIdentity identity, string device, string message)
    {
        if (condition)
        {
            throw new ClaimPreparationException(identity.Description, device, ClaimStep.Validate, message + "; nothing was changed", rolledBack: true);
        }
    }

    private static MetadataDevice Describe(PlannedDevice device, NodeSnapshot snapshot) =>
        new(device.Resolved.Request, device.Resolved.Pool, device.Resolved.Device,
            snapshot.Publication.Find(device.Resolved.Device)!.Device.Attributes ?? new Dictionary<string, DeviceAttribute>());

    private void ValidateClaimSpec(ClaimIdentity identity, List<PlannedDevice> devices, bool useIommuFd, bool enableApiDevice)
    {
        // The cdev is only known after binding; a placeholder of the same shape validates names and version now.
        var spec = ClaimCdiSpecs.BuildClaimSpec(options.DriverName, identity.Uid, [.. devices.Select(d => (d.Resolved.Device, d.Plan.IommuGroup, (string?)"vfio0"))], useIommuFd, enableApiDevice);
        var problems = CdiSpecValidator.Validate(spec);
        var name = CdiSpecNames.ValidateFileName(ClaimCdiSpecs.SpecName(options.DriverName, identity.Uid));
        if (!problems.IsEmpty || name is not null)
        {
            throw new ClaimConfigException(
                $"claim {identity.Description}: its CDI spec would be invalid ({string.Join("; ", problems.Select(p => p.ToString()))}{name}); nothing was written");
        }
    }

    private PassthroughPlan PlanGpu(ClaimIdentity identity, string address, DeviceRecord? previous)
    {
        try
        {
            var gpu = VfioPciAddress.Parse(address);
            var plan = planner.Plan(gpu);

            // The plan has just read the GPU's sriov_numvfs; reading the whole function again only to check it cost
            // a full sysfs read per claim. A resumed claim skips EnsureViable, so VFs are refused here for both.
            if (plan.Gpu.Sriov.NumVfs > 0)
            {
                throw new VirtualFunctionsEnabledException(gpu, plan.Gpu.Sriov.NumVfs);
            }
            if (previous is null)
            {
                plan.EnsureViable();
            }

            return plan;
        }
        catch (VfioException ex)
        {
            throw new ClaimPreparationException(identity.Description, address, ClaimStep.Validate, ex.Message + " Nothing was changed", rolledBack: true, innerException: ex);
        }
    }

    private void CheckNotReboundOutOfBand(ClaimIdentity identity, string address, NodeSnapshot snapshot, PassthroughPlan plan)
    {
        var now = DriverKinds.Classify(plan.Gpu.Driver);
        if (snapshot.Gpus.TryGetValue(address, out var published) && published.Binding != now)
        {
            Reject(true, identity, address, $"GPU {address} was on {published.BoundDriverName ?? "no driver"} when the ResourceSlice was published and is on {plan.Gpu.Driver ?? "no driver"} now: it was rebound outside this driver. Find who rebound it (driverctl, another operator), put it back, and retry");
        }
    }

    private DeviceRecord NewRecord(ResolvedDevice device, string address, PassthroughPlan plan)
    {
        // The GPU as NVML reports it carries its persistence mode; asked separately only where that read said
        // "not supported", as before.
        bool? persistence = null;
        if (plan.Gpu.Driver == DriverKinds.Nvidia && nvml.TryGetGpuByPciBusId(address, out var gpu))
        {
            persistence = gpu.PersistenceModeEnabled ?? nvml.GetPersistenceMode(address);
        }

        var prior = plan.PriorState;
        return new DeviceRecord
        {
            Request = device.Request,
            Pool = device.Pool,
            Device = device.Device,
            PciAddress = address,
            IommuGroup = plan.IommuGroup,
            VfioModule = prior.VfioModule,
            Functions = [.. prior.Functions.Select(f => new FunctionRecord(f.Address.ToString(), f.Driver, f.DriverOverride))],
            PersistenceWasOn = persistence,
            Progress = DeviceProgress.Recorded,
        };
    }
}
