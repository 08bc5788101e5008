using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Naming;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// Checks a pool's slices against the API server's per-slice validation and the cross-slice rules the Go
/// resourceslice package checks client-side (names unique in the pool, counter sets exist). A pool that fails is
/// never published half-right.
/// </summary>
public static class ResourceSliceValidator
{
    /// <summary>Validates every slice of one pool.</summary>
    /// <param name="slices">The slices of the pool.</param>
    /// <exception cref="ResourceSliceException">A rule is broken; the message names the slice, device and field.</exception>
    public static void Validate(IReadOnlyList<ResourceSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var deviceNames = new HashSet<string>(StringComparer.Ordinal);
        var counterSets = new Dictionary<string, CounterSet>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            ValidateSpec(slice, counterSets);
        }

        foreach (var slice in slices)
        {
            foreach (var device in slice.Spec.Devices ?? [])
            {
                if (!deviceNames.Add(device.Name))
                {
                    throw Fail(slice, $"device name '{device.Name}' appears more than once in pool '{slice.Spec.Pool.Name}'");
                }

                ValidateDevice(slice, device, counterSets);
            }
        }
    }

    private static void ValidateSpec(ResourceSlice slice, Dictionary<string, CounterSet> counterSets)
    {
        var spec = slice.Spec;
        if (!KubernetesNames.IsDnsSubdomain(spec.Driver, KubernetesNames.DriverNameMaxLength))
        {
            throw Fail(slice, $"driver '{spec.Driver}' is not a DNS subdomain of at most 63 characters");
        }

        if (!KubernetesNames.IsPoolName(spec.Pool.Name) || spec.Pool.Generation < 0 || spec.Pool.ResourceSliceCount <= 0)
        {
            throw Fail(slice, $"pool {spec.Pool} is invalid: name must be '/'-separated DNS subdomains, generation >= 0, resourceSliceCount > 0");
        }

        var hasDevices = spec.Devices is { Count: > 0 };
        var hasCounters = spec.SharedCounters is { Count: > 0 };
        if (hasDevices && hasCounters)
        {
            throw Fail(slice, "a slice may carry devices or sharedCounters, not both");
        }

        var advanced = spec.Devices?.Any(d => d.ConsumesCounters is { Count: > 0 }) == true;
        var maxDevices = advanced ? SliceLimits.MaxDevicesPerSliceWithAdvancedFeatures : SliceLimits.MaxDevicesPerSlice;
        if (spec.Devices?.Count > maxDevices)
        {
            throw Fail(slice, $"{spec.Devices.Count} devices exceed the limit of {maxDevices} per slice");
        }

        if (spec.SharedCounters?.Count > SliceLimits.MaxCounterSetsPerSlice)
        {
            throw Fail(slice, $"{spec.SharedCounters.Count} counter sets exceed the limit of {SliceLimits.MaxCounterSetsPerSlice} per slice");
        }

        foreach (var set in spec.SharedCounters ?? [])
        {
            if (!KubernetesNames.IsDnsLabel(set.Name) || set.Counters.Count is 0 or > SliceLimits.MaxCountersPerCounterSet ||
                set.Counters.Keys.Any(k => !KubernetesNames.IsDnsLabel(k)))
            {
                throw Fail(slice, $"counter set '{set.Name}' is invalid: DNS-label names and 1 to {SliceLimits.MaxCountersPerCounterSet} counters");
            }

            if (!counterSets.TryAdd(set.Name, set))
            {
                throw Fail(slice, $"counter set '{set.Name}' appears more than once in the pool");
            }
        }
    }

    private static void ValidateDevice(ResourceSlice slice, Device device, Dictionary<string, CounterSet> counterSets)
    {
        if (!KubernetesNames.IsDnsLabel(device.Name))
        {
            throw Fail(slice, $"device name '{device.Name}' is not a DNS label");
        }

        var attributes = device.Attributes ?? new Dictionary<string, DeviceAttribute>();
        var capacity = device.Capacity ?? new Dictionary<string, DeviceCapacity>();
        if (attributes.Count + capacity.Count > SliceLimits.MaxAttributesAndCapacitiesPerDevice)
        {
            throw Fail(slice, $"device '{device.Name}' has {attributes.Count + capacity.Count} attributes and capacities, more than {SliceLimits.MaxAttributesAndCapacitiesPerDevice}");
        }

        foreach (var key in attributes.Keys.Concat(capacity.Keys))
        {
            if (!KubernetesNames.IsQualifiedName(key))
            {
                throw Fail(slice, $"device '{device.Name}' key '{key}' is not a C identifier of at most 32 characters or domain/identifier");
            }
        }

        foreach (var (key, value) in attributes)
        {
            ValidateAttribute(slice, device, key, value);
        }

        var consumptions = device.ConsumesCounters ?? [];
        if (consumptions.Count > SliceLimits.MaxCounterConsumptionsPerDevice)
        {
            throw Fail(slice, $"device '{device.Name}' consumes from {consumptions.Count} counter sets, more than {SliceLimits.MaxCounterConsumptionsPerDevice}");
        }

        foreach (var consumption in consumptions)
        {
            if (!counterSets.TryGetValue(consumption.CounterSet, out var set) || consumption.Counters.Keys.Any(k => !set.Counters.ContainsKey(k)))
            {
                throw Fail(slice, $"device '{device.Name}' consumes counter set '{consumption.CounterSet}' or a counter in it that the pool does not publish");
            }
        }
    }

    private static void ValidateAttribute(ResourceSlice slice, Device device, string key, DeviceAttribute value)
    {
        var set = (value.Int is null ? 0 : 1) + (value.Bool is null ? 0 : 1) + (value.String is null ? 0 : 1) + (value.Version is null ? 0 : 1);
        if (set != 1)
        {
            throw Fail(slice, $"device '{device.Name}' attribute '{key}' must set exactly one of int, bool, string, version");
        }

        if (value.String is not null && Utf8Text.ByteCount(value.String) is var bytes && bytes > SliceLimits.MaxAttributeValueLength)
        {
            throw Fail(slice, $"device '{device.Name}' attribute '{key}' is {bytes} bytes, longer than {SliceLimits.MaxAttributeValueLength} UTF-8 bytes");
        }

        if (value.Version is not null && !SemanticVersions.IsValid(value.Version))
        {
            throw Fail(slice, $"device '{device.Name}' attribute '{key}' value '{value.Version}' is not a semantic version of at most 64 characters");
        }
    }

    private static ResourceSliceException Fail(ResourceSlice slice, string problem) =>
        new($"ResourceSlice '{slice.Metadata.Name}' of pool '{slice.Spec.Pool.Name}': {problem}");
}
