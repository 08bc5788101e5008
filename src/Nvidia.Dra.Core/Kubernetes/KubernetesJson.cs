using System.Text.Json;
using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core.Kubernetes;

/// <summary>
/// Reads and writes the resource.k8s.io/v1 objects in their exact wire format with source-generated JSON (AOT-safe).
/// </summary>
public static class KubernetesJson
{
    /// <summary>Serialises a ResourceSlice compactly, as sent to the API server.</summary>
    /// <param name="slice">The slice.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(ResourceSlice slice) =>
        JsonSerializer.SerializeToUtf8Bytes(slice, KubernetesJsonContext.Default.ResourceSlice);

    /// <summary>Serialises a DeviceClass compactly, as sent to the API server.</summary>
    /// <param name="deviceClass">The class.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize(DeviceClass deviceClass) =>
        JsonSerializer.SerializeToUtf8Bytes(deviceClass, KubernetesJsonContext.Default.DeviceClass);

    /// <summary>Writes slices as one indented <c>v1 List</c> manifest.</summary>
    /// <param name="slices">The slices.</param>
    /// <returns>JSON text ending in a newline.</returns>
    public static string ToManifest(IReadOnlyList<ResourceSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        return ManifestWriter.WriteList(slices, KubernetesJsonContext.Default.ResourceSlice);
    }

    /// <summary>Reads a ResourceClaim as the API server returns it; fields the driver does not model are ignored.</summary>
    /// <param name="utf8Json">The claim JSON.</param>
    /// <returns>The claim.</returns>
    /// <exception cref="ClaimConfigException">The JSON is not a ResourceClaim.</exception>
    public static ResourceClaim ReadClaim(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, KubernetesJsonContext.Default.ResourceClaim)
                   ?? throw new ClaimConfigException("the ResourceClaim JSON is null");
        }
        catch (JsonException ex)
        {
            throw new ClaimConfigException($"the ResourceClaim JSON is malformed at {ex.Path ?? "$"}: {ex.Message}");
        }
    }
}
