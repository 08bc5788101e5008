using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Configs;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Claims;

/// <summary>
/// Resolves which configuration applies to each device of this driver in a claim's allocation, exactly as the
/// reference driver orders them — built-in defaults, then class configs, then claim configs, the later entry
/// winning — with two fixes: a config naming request <c>main</c> applies to result <c>main/sub</c> (W12), and a
/// claim mixing vfio with gpu or mig devices is rejected (W21). Pure: every config is decoded and validated and
/// every problem collected before anything touches the node (W11).
/// </summary>
public sealed class ClaimConfigResolver
{
    /// <summary>The most allocation results a claim can have (<c>AllocationResultsMaxSize</c>).</summary>
    public const int MaxResults = 32;

    private readonly string driverName;
    private readonly FeatureGateSet gates;
    private readonly OpaqueConfigDecoder decoder;

    /// <summary>Initialises a resolver for one driver.</summary>
    /// <param name="driverName">This driver's name; configs and results of other drivers are ignored.</param>
    /// <param name="gates">The feature gates in force (the vfio default exists only with PassthroughSupport).</param>
    /// <param name="decoder">The decoder to use; by default one validating against <paramref name="gates"/>.</param>
    public ClaimConfigResolver(string driverName, FeatureGateSet gates, OpaqueConfigDecoder? decoder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(driverName);
        ArgumentNullException.ThrowIfNull(gates);
        this.driverName = driverName;
        this.gates = gates;
        this.decoder = decoder ?? new OpaqueConfigDecoder(gates);
    }

    /// <summary>
    /// Resolves the configuration of every device of this driver in the claim's allocation against the pool this
    /// node publishes: a result naming another pool, or a device the pool does not have, is an error.
    /// </summary>
    /// <param name="claim">The claim, with <c>status.allocation</c>.</param>
    /// <param name="publication">The pool as currently published.</param>
    /// <returns>The devices with their configuration, or every problem found.</returns>
    public ConfigResolution Resolve(ResourceClaim claim, PoolPublication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        return ResolveCore(claim, (pool, device) => publication.DeviceKindOf(pool, device));
    }

    /// <summary>Resolves the configuration of every device of this driver in the claim's allocation.</summary>
    /// <param name="claim">The claim, with <c>status.allocation</c>.</param>
    /// <param name="deviceKindOf">The kind of a device this node advertises, by device name; <see langword="null"/>
    /// for a device the node does not know.</param>
    /// <returns>The devices with their configuration, or every problem found.</returns>
    public ConfigResolution Resolve(ResourceClaim claim, Func<string, DeviceKind?> deviceKindOf)
    {
        ArgumentNullException.ThrowIfNull(deviceKindOf);
        return ResolveCore(claim, (_, device) => deviceKindOf(device));
    }

    private ConfigResolution ResolveCore(ResourceClaim claim, Func<string, string, DeviceKind?> deviceKindOf)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var description = Describe(claim);
        var errors = new List<NvidiaDraException>();
        var allocation = claim.Status?.Allocation?.Devices;
        if (allocation is null)
        {
            errors.Add(new ClaimConfigException(
                $"claim {description} has no status.allocation.devices: it is not allocated yet, or was replaced; kubelet will retry"));
            return new ConfigResolution(description, [], errors);
        }

        var results = (allocation.Results ?? []).Where(r => string.Equals(r.Driver, driverName, StringComparison.Ordinal)).ToList();
        if (results.Count > MaxResults)
        {
            errors.Add(new ClaimConfigException(
                $"claim {description} has {results.Count} allocation results for {driverName}, more than the API limit of {MaxResults}"));
            return new ConfigResolution(description, [], errors);
        }

        var candidates = BuildCandidates(allocation.Config ?? [], errors);
        var resolved = new List<ResolvedDevice>(results.Count);
        foreach (var result in results)
        {
            if (ResolveOne(result, candidates, deviceKindOf, errors) is { } device)
            {
                resolved.Add(device);
            }
        }

        CheckNoMixedKinds(description, resolved, errors);
        return errors.Count == 0
            ? new ConfigResolution(description, resolved, [])
            : new ConfigResolution(description, [], errors);
    }

    private static string Describe(ResourceClaim claim) =>
        $"{claim.Metadata.Namespace}/{claim.Metadata.Name} ({claim.Metadata.Uid})";

    private static void CheckNoMixedKinds(string description, List<ResolvedDevice> resolved, List<NvidiaDraException> errors)
    {
        var vfio = resolved.Where(d => d.Kind == DeviceKind.Vfio).ToList();
        var containers = resolved.Where(d => d.Kind != DeviceKind.Vfio).ToList();
        if (vfio.Count > 0 && containers.Count > 0)
        {
            errors.Add(new ClaimConfigException(
                $"claim {description} mixes vfio devices ({string.Join(", ", vfio.Select(d => $"{d.Request}: {d.Device}"))}) with container devices ({string.Join(", ", containers.Select(d => $"{d.Request}: {d.Device}"))}): " +
                "a virtual machine's GPUs and a container's GPUs need different device nodes, so put them in separate claims"));
        }
    }

    private List<Candidate> BuildCandidates(IReadOnlyList<DeviceAllocationConfiguration> entries, List<NvidiaDraException> errors)
    {
        // Lowest precedence first; resolution walks the list backwards.
        var candidates = new List<Candidate>
        {
            new([], GpuConfig.Default, ConfigSource.Default, null),
            new([], MigDeviceConfig.Default, ConfigSource.Default, null),
        };
        if (gates.PassthroughSupport)
        {
            candidates.Add(new([], VfioDeviceConfig.Default, ConfigSource.Default, null));
        }

        var indexed = entries.Select((entry, index) => (entry, index)).ToList();
        foreach (var source in new[] { DeviceAllocationConfiguration.FromClass, DeviceAllocationConfiguration.FromClaim })
        {
            foreach (var (entry, index) in indexed.Where(e => string.Equals(e.entry.Source, source, StringComparison.Ordinal)))
            {
                AddCandidate(entry, index, source, candidates, errors);
            }
        }

        foreach (var (entry, index) in indexed.Where(e => e.entry.Source is not (DeviceAllocationConfiguration.FromClass or DeviceAllocationConfiguration.FromClaim)))
        {
            errors.Add(new ClaimConfigException(
                $"status.allocation.devices.config[{index}] has unknown source '{entry.Source}': expected FromClass or FromClaim"));
        }

        return candidates;
    }

    private void AddCandidate(
        DeviceAllocationConfiguration entry,
        int index,
        string source,
        List<Candidate> candidates,
        List<NvidiaDraException> errors)
    {
        var location = $"status.allocation.devices.config[{index}]";
        if (entry.Opaque is null)
        {
            errors.Add(new ClaimConfigException(
                $"{location} has no opaque configuration: only opaque parameters are supported by this driver"));
            return;
        }

        if (!string.Equals(entry.Opaque.Driver, driverName, StringComparison.Ordinal))
        {
            return;
        }

        var requests = entry.Requests ?? [];
        var configSource = source == DeviceAllocationConfiguration.FromClass ? ConfigSource.FromClass : ConfigSource.FromClaim;
        try
        {
            candidates.Add(new(requests, decoder.Decode(entry.Opaque.Parameters), configSource, location));
        }
        catch (OpaqueConfigException ex)
        {
            var field = location + ".opaque.parameters" + ex.Field.TrimStart('$');
            errors.Add(new OpaqueConfigException(field, $"{location} ({source}): {ex.Message}", ex));

            // Keep a placeholder so that the entry still shadows earlier ones for the requests it names.
            candidates.Add(new(requests, null, configSource, location));
        }
    }

    private ResolvedDevice? ResolveOne(
        DeviceRequestAllocationResult result,
        List<Candidate> candidates,
        Func<string, string, DeviceKind?> deviceKindOf,
        List<NvidiaDraException> errors)
    {
        if (!RequestNames.IsValid(result.Request))
        {
            errors.Add(new ClaimConfigException(
                $"allocation result for device '{result.Device}' has invalid request name '{result.Request}': expected a DNS label or label/label"));
            return null;
        }

        if (deviceKindOf(result.Pool, result.Device) is not { } kind)
        {
            errors.Add(new ClaimConfigException(
                $"device '{result.Device}' (request {result.Request}, pool {result.Pool}) is not advertised in this node's pool: the claim was allocated against an old ResourceSlice; delete and recreate the pod"));
            return null;
        }

        for (var i = candidates.Count - 1; i >= 0; i--)
        {
            var candidate = candidates[i];
            var named = candidate.Requests.Any(r => RequestNames.Matches(r, result.Request));
            if (candidate.Requests.Count > 0 && !named)
            {
                continue;
            }

            if (candidate.Config is null)
            {
                if (named)
                {
                    // Its decoding error is already recorded; it would have won for this request.
                    return null;
                }

                continue;
            }

            if (candidate.Config.AppliesTo == kind)
            {
                return new ResolvedDevice(result.Request, result.Pool, result.Device, kind, candidate.Config, candidate.Source);
            }

            if (named)
            {
                errors.Add(new ClaimConfigException(
                    $"cannot apply {candidate.Config.Kind} from {candidate.Location} to device '{result.Device}' of type {KindName(kind)} (request {result.Request}): " +
                    $"use {ExpectedKind(kind)} for this request, or name a different request"));
                return null;
            }
        }

        errors.Add(new ClaimConfigException(
            $"device '{result.Device}' of type {KindName(kind)} (request {result.Request}) has no applicable configuration" +
            (kind == DeviceKind.Vfio ? ": vfio devices need the PassthroughSupport feature gate" : string.Empty)));
        return null;
    }

    private static string KindName(DeviceKind kind) => kind switch
    {
        DeviceKind.Gpu => "gpu",
        DeviceKind.Mig => "mig",
        _ => "vfio",
    };

    private static string ExpectedKind(DeviceKind kind) => kind switch
    {
        DeviceKind.Gpu => GpuConfig.KindName,
        DeviceKind.Mig => MigDeviceConfig.KindName,
        _ => VfioDeviceConfig.KindName,
    };

    private sealed record Candidate(IReadOnlyList<string> Requests, DeviceConfiguration? Config, ConfigSource Source, string? Location);
}
