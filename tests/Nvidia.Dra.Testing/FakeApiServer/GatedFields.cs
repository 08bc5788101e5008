using System.Text.Json.Nodes;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>
/// What an API server with <c>DRAPartitionableDevices</c> off drops from a ResourceSlice on create and update
/// (the strategy's <c>dropDisabledDRAPartitionableDevicesFields</c>): silently, so the stored object differs from
/// what the client sent.
/// </summary>
internal static class GatedFields
{
    public static void DropPartitionableDevices(JsonObject slice)
    {
        if (slice["spec"] is not JsonObject spec)
        {
            return;
        }

        spec.Remove("sharedCounters");
        spec.Remove("perDeviceNodeSelection");
        if (spec["devices"] is JsonArray devices)
        {
            foreach (var device in devices.OfType<JsonObject>())
            {
                device.Remove("consumesCounters");
                device.Remove("nodeName");
                device.Remove("nodeSelector");
                device.Remove("allNodes");
            }
        }
    }
}
