namespace Nvidia.Dra.Kubelet;

/// <summary>The event ids Nvidia.Dra.Kubelet logs with (range 5000–5999), for filters and alerts.</summary>
/// <remarks>5000–5199: plugin registration and its HTTP/2 server; 5200–5999: the DRA service, claims, slices, lifecycle.</remarks>
public static class KubeletEventIds
{
}
