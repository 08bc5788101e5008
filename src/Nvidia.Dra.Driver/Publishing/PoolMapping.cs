using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Kubelet;

namespace Nvidia.Dra.Driver.Publishing;

/// <summary>Core's pool in the official client's models, as the ResourceSlice controller takes it.</summary>
internal static class PoolMapping
{
    /// <summary>
    /// Maps the publication's devices and counter sets, in Core's order. Both sides write the same wire format, so a
    /// JSON round trip is exact. Slice names, owner and generation are the controller's to choose.
    /// </summary>
    /// <param name="publication">Core's pool.</param>
    /// <returns>Pool name → pool.</returns>
    public static Dictionary<string, DesiredPool> ToDesired(PoolPublication publication)
    {
        var slices = publication.Slices.Select(s => JsonNode.Parse(Core.Kubernetes.KubernetesJson.Serialize(s))).ToList();
        var devices = slices.SelectMany(s => s!["spec"]!["devices"]?.AsArray() ?? [])
            .Select(d => d.Deserialize(SourceGenerationContext.Default.V1Device)!).ToList();
        var counters = slices.SelectMany(s => s!["spec"]!["sharedCounters"]?.AsArray() ?? [])
            .Select(c => c.Deserialize(SourceGenerationContext.Default.V1CounterSet)!).ToList();
        return new Dictionary<string, DesiredPool>(StringComparer.Ordinal) { [publication.PoolName] = new DesiredPool(devices, counters) };
    }
}
