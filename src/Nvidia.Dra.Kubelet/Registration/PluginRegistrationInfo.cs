namespace Nvidia.Dra.Kubelet;

/// <summary>What the registration socket tells kubelet about the plugin (<c>pluginregistration.PluginInfo</c>).</summary>
/// <param name="DriverName">The DRA driver name, as in the ResourceSlices and DeviceClasses (for example <c>gpu.nvidia.com</c>).</param>
/// <param name="DraEndpoint">The absolute path of the DRA service socket (<c>dra.sock</c>); kubelet dials it as given.</param>
/// <param name="SupportedVersions">
/// The DRA gRPC services served on <paramref name="DraEndpoint"/>, preferred first (<c>v1.DRAPlugin</c>, then
/// <c>v1beta1.DRAPlugin</c>); kubelet picks the first it knows.
/// </param>
public sealed record PluginRegistrationInfo(string DriverName, string DraEndpoint, IReadOnlyList<string> SupportedVersions)
{
    /// <summary>The plugin type kubelet routes DRA plugins by.</summary>
    internal const string DraPluginType = "DRAPlugin";

    /// <summary>Throws when a field cannot be advertised to kubelet.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DriverName))
        {
            throw new ArgumentException("DriverName is empty; set it to the DRA driver name (for example gpu.nvidia.com).", nameof(DriverName));
        }

        if (string.IsNullOrEmpty(DraEndpoint) || !Path.IsPathFullyQualified(DraEndpoint))
        {
            throw new ArgumentException($"DraEndpoint '{DraEndpoint}' is not an absolute path; kubelet dials the DRA socket by its absolute path.", nameof(DraEndpoint));
        }

        if (SupportedVersions is null || SupportedVersions.Count == 0 || SupportedVersions.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("SupportedVersions is empty or has an empty entry; advertise the DRA services served, e.g. v1.DRAPlugin and v1beta1.DRAPlugin.", nameof(SupportedVersions));
        }
    }
}
