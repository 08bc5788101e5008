using k8s.Models;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// Splits a pool into slice specs the API server accepts on 1.35+: counter sets only in their own slices (at most 8
/// sets each), devices in slices of at most 128, or 64 when any device consumes counters. Checks the cross-slice rules
/// the API server cannot see first (the Go library's <c>resourceslice/validation.go</c>).
/// </summary>
internal static class SliceLayout
{
    public const int MaxDevicesPerSlice = 128;
    public const int MaxDevicesPerSliceWithCounters = 64;
    public const int MaxCounterSetsPerSlice = 8;

    /// <summary>The specs in publication order; pool, driver and node are filled in by the caller.</summary>
    /// <exception cref="ResourceSliceValidationException">A cross-slice rule is broken.</exception>
    public static List<V1ResourceSliceSpec> Split(string poolName, DesiredPool pool)
    {
        Validate(poolName, pool);
        var specs = new List<V1ResourceSliceSpec>();
        foreach (var chunk in pool.SharedCounters.Chunk(MaxCounterSetsPerSlice))
        {
            specs.Add(new V1ResourceSliceSpec { SharedCounters = [.. chunk] });
        }

        var perSlice = pool.Devices.Any(d => d.ConsumesCounters is { Count: > 0 }) ? MaxDevicesPerSliceWithCounters : MaxDevicesPerSlice;
        foreach (var chunk in pool.Devices.Chunk(perSlice))
        {
            specs.Add(new V1ResourceSliceSpec { Devices = [.. chunk] });
        }

        if (specs.Count == 0)
        {
            // Upstream publishes at least one, possibly empty, slice per pool, so the scheduler sees the pool exists.
            specs.Add(new V1ResourceSliceSpec { Devices = [] });
        }

        return specs;
    }

    private static void Validate(string poolName, DesiredPool pool)
    {
        var sets = new Dictionary<string, V1CounterSet>(StringComparer.Ordinal);
        foreach (var set in pool.SharedCounters)
        {
            if (!sets.TryAdd(set.Name, set))
            {
                throw new ResourceSliceValidationException(poolName, $"counter set '{set.Name}' is published twice");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in pool.Devices)
        {
            if (!names.Add(device.Name))
            {
                throw new ResourceSliceValidationException(poolName, $"device '{device.Name}' is published twice");
            }

            foreach (var consumption in device.ConsumesCounters ?? [])
            {
                if (!sets.TryGetValue(consumption.CounterSet, out var set))
                {
                    throw new ResourceSliceValidationException(poolName, $"device '{device.Name}' consumes counter set '{consumption.CounterSet}', which the pool does not publish");
                }

                var missing = consumption.Counters?.Keys.FirstOrDefault(k => set.Counters is null || !set.Counters.ContainsKey(k));
                if (missing is not null)
                {
                    throw new ResourceSliceValidationException(poolName, $"device '{device.Name}' consumes counter '{missing}' of set '{consumption.CounterSet}', which the set does not have");
                }
            }
        }
    }
}
