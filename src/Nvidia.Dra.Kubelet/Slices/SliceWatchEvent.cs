using System.Globalization;
using k8s.Models;

namespace Nvidia.Dra.Kubelet;

/// <summary>One line of a watch: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c> or <c>ERROR</c> (with its code).</summary>
internal sealed record SliceWatchEvent(string Type, V1ResourceSlice? Slice, int ErrorCode, string? ErrorMessage)
{
    public string? ResourceVersion => Slice?.Metadata?.ResourceVersion;

    public static long? Version(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
