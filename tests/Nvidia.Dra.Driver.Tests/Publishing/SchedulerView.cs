using System.Text.Json.Nodes;

namespace Nvidia.Dra.Driver.Tests.Publishing;

/// <summary>
/// What the scheduler's allocator can do with the slices as the API server stored them: a device is allocatable when
/// it is published, not allocated already, and every counter it consumes still has room in its stored counter set.
/// (Only the rules the exclusion depends on; selectors and pool completeness are left out.)
/// </summary>
internal sealed class SchedulerView(IReadOnlyList<JsonObject> storedSlices)
{
    private readonly List<string> allocated = [];

    public bool TryAllocate(string device)
    {
        var devices = storedSlices.SelectMany(s => s["spec"]?["devices"]?.AsArray() ?? []).OfType<JsonObject>().ToDictionary(d => d["name"]!.GetValue<string>());
        if (!devices.TryGetValue(device, out var candidate) || allocated.Contains(device))
        {
            return false;
        }

        var sets = storedSlices.SelectMany(s => s["spec"]?["sharedCounters"]?.AsArray() ?? []).OfType<JsonObject>().ToDictionary(c => c["name"]!.GetValue<string>());
        foreach (var consumption in candidate["consumesCounters"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var setName = consumption["counterSet"]!.GetValue<string>();
            foreach (var (counter, amount) in consumption["counters"]!.AsObject())
            {
                var capacity = Quantity(sets[setName]["counters"]![counter]!["value"]!);
                var used = allocated.Select(a => devices[a]).SelectMany(d => d["consumesCounters"]?.AsArray().OfType<JsonObject>() ?? [])
                    .Where(c => c["counterSet"]!.GetValue<string>() == setName)
                    .Sum(c => c["counters"]![counter] is { } v ? Quantity(v["value"]!) : 0);
                if (used + Quantity(amount!["value"]!) > capacity)
                {
                    return false;
                }
            }
        }

        allocated.Add(device);
        return true;
    }

    private static long Quantity(JsonNode value) => long.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
