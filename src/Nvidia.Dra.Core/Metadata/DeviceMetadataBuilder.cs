using System.Text.Json;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Naming;

namespace Nvidia.Dra.Core.Metadata;

/// <summary>
/// Produces the KEP-5304 metadata files of a prepared claim, one per (claim, request), exactly as KubeVirt
/// v1.8.3+/v1.9 reads them: template claims (annotation <c>resource.kubernetes.io/pod-claim-name</c>) under
/// <c>resourceclaimtemplates/&lt;podClaimName&gt;</c> with <c>podClaimName</c> in the file, direct claims under
/// <c>resourceclaims/&lt;claimName&gt;</c>; base request names in paths, full names in the file. Pure: it returns
/// paths and bytes. Every name that reaches a path is validated first, so a hostile claim cannot escape the
/// metadata directory.
/// </summary>
public static class DeviceMetadataBuilder
{
    /// <summary>The directory inside the container under which KubeVirt looks.</summary>
    public const string ContainerDirectory = "/var/run/kubernetes.io/dra-device-attributes";

    /// <summary>The host subdirectory of the plugin data directory.</summary>
    public const string HostSubdirectory = "dra-device-metadata";

    /// <summary>Builds the metadata files of one claim.</summary>
    /// <param name="claim">The claim (name, namespace, UID, annotations).</param>
    /// <param name="driverName">The driver name.</param>
    /// <param name="pluginDataDirectory">The plugin data directory on the host (absolute).</param>
    /// <param name="devices">The prepared devices; devices of one base request share a file.</param>
    /// <returns>One file per base request, ordered by request name.</returns>
    /// <exception cref="DeviceMetadataException">A name is not a valid Kubernetes name, or there are no devices.</exception>
    public static IReadOnlyList<MetadataFile> Build(
        ResourceClaim claim,
        string driverName,
        string pluginDataDirectory,
        IReadOnlyList<MetadataDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(devices);
        var meta = claim.Metadata;
        var ns = Require(meta.Namespace, "claim.metadata.namespace", KubernetesNames.IsDnsLabel, "a DNS label");
        var name = Require(meta.Name, "claim.metadata.name", n => KubernetesNames.IsDnsSubdomain(n), "a DNS subdomain");
        var uid = Require(meta.Uid, "claim.metadata.uid", IsUid, "a UID of letters, digits and '-' (at most 64)");
        var driver = Require(driverName, "driverName", n => KubernetesNames.IsDnsSubdomain(n, KubernetesNames.DriverNameMaxLength), "a DNS subdomain of at most 63 characters");
        if (string.IsNullOrEmpty(pluginDataDirectory) || pluginDataDirectory[0] != '/' || pluginDataDirectory.Split('/').Contains(".."))
        {
            throw new DeviceMetadataException("pluginDataDirectory", $"plugin data directory '{pluginDataDirectory}' must be an absolute path without '..'");
        }

        string? podClaimName = null;
        if (meta.Annotations?.TryGetValue(ResourceClaim.PodClaimNameAnnotation, out var annotated) == true && !string.IsNullOrEmpty(annotated))
        {
            podClaimName = Require(annotated, $"claim.metadata.annotations['{ResourceClaim.PodClaimNameAnnotation}']", KubernetesNames.IsDnsLabel, "a DNS label");
        }

        if (devices.Count == 0)
        {
            throw new DeviceMetadataException("devices", $"claim {ns}/{name} has no prepared devices to describe");
        }

        var files = new List<MetadataFile>();
        foreach (var group in devices.GroupBy(d => BaseRequest(d.Request)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var request = group.Key;
            var document = new DeviceMetadataDocument
            {
                Metadata = new DeviceMetadataObjectMeta(name, ns, uid, Generation: 1),
                PodClaimName = podClaimName,
                Requests = group.GroupBy(d => d.Request, StringComparer.Ordinal)
                    .Select(r => new DeviceMetadataRequest(r.Key, r.Select(d => Describe(d, driver)).ToList()))
                    .ToList(),
            };
            var content = JsonSerializer.SerializeToUtf8Bytes(document, DeviceMetadataJsonContext.Default.DeviceMetadataDocument);
            var stream = new byte[content.Length + 1];
            content.CopyTo(stream, 0);
            stream[^1] = (byte)'\n';

            var containerBase = podClaimName is null
                ? $"{ContainerDirectory}/resourceclaims/{name}"
                : $"{ContainerDirectory}/resourceclaimtemplates/{podClaimName}";
            files.Add(new MetadataFile(
                request,
                $"{pluginDataDirectory.TrimEnd('/')}/{HostSubdirectory}/{ns}_{name}/{request}/metadata.json",
                $"{containerBase}/{request}/{driver}-metadata.json",
                stream,
                $"{driver}_metadata_{uid}_{request}.json",
                $"{driver}/metadata",
                $"{uid}_{request}"));
        }

        return files;
    }

    /// <summary>Gets the host directory holding all metadata files of a claim (removed on unprepare).</summary>
    /// <param name="pluginDataDirectory">The plugin data directory.</param>
    /// <param name="claimNamespace">The claim namespace.</param>
    /// <param name="claimName">The claim name.</param>
    /// <returns>The directory path.</returns>
    /// <exception cref="DeviceMetadataException">A name is invalid.</exception>
    public static string ClaimDirectory(string pluginDataDirectory, string claimNamespace, string claimName)
    {
        ArgumentNullException.ThrowIfNull(pluginDataDirectory);
        Require(claimNamespace, "claim.metadata.namespace", KubernetesNames.IsDnsLabel, "a DNS label");
        Require(claimName, "claim.metadata.name", n => KubernetesNames.IsDnsSubdomain(n), "a DNS subdomain");
        return $"{pluginDataDirectory.TrimEnd('/')}/{HostSubdirectory}/{claimNamespace}_{claimName}";
    }

    private static DeviceMetadataDevice Describe(MetadataDevice device, string driver)
    {
        var request = device.Request.Split('/');
        if (request.Length > 2 || !request.All(KubernetesNames.IsDnsLabel))
        {
            throw new DeviceMetadataException("request", $"request name '{device.Request}' is not a DNS label or label/label");
        }

        Require(device.DeviceName, "device.name", KubernetesNames.IsDnsLabel, "a DNS label");
        Require(device.Pool, "device.pool", KubernetesNames.IsPoolName, "a pool name");
        var attributes = new SortedDictionary<string, DeviceAttribute>(StringComparer.Ordinal);
        foreach (var (key, value) in device.Attributes)
        {
            attributes[key] = value;
        }

        return new DeviceMetadataDevice(driver, device.Pool, device.DeviceName, attributes);
    }

    private static string BaseRequest(string request)
    {
        var baseName = request.Split('/', 2)[0];
        return KubernetesNames.IsDnsLabel(baseName)
            ? baseName
            : throw new DeviceMetadataException("request", $"request name '{request}' is not a DNS label or label/label");
    }

    private static bool IsUid(string uid) =>
        uid.Length is > 0 and <= 64 && uid.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string Require(string? value, string field, Func<string, bool> isValid, string expected) =>
        value is not null && isValid(value)
            ? value
            : throw new DeviceMetadataException(field, $"{field} '{value}' is not {expected}: refusing to build a metadata path from it");
}
