using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Kubelet;

/// <summary>Checks <see cref="KubeletPluginOptions"/> at start: each failure names the field, the value and the remedy.</summary>
internal sealed partial class KubeletPluginOptionsValidator : IValidateOptions<KubeletPluginOptions>
{
    public ValidateOptionsResult Validate(string? name, KubeletPluginOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.DriverName) || options.DriverName.Length > 63 || !DnsSubdomain().IsMatch(options.DriverName))
        {
            failures.Add($"DriverName '{options.DriverName}' is not a DNS subdomain of at most 63 characters; set the driver name used in the ResourceSlices (e.g. gpu.example.com).");
        }

        if (string.IsNullOrWhiteSpace(options.NodeName))
        {
            failures.Add("NodeName is empty; set it from the downward API (env NODE_NAME from spec.nodeName).");
        }

        CheckDirectory(failures, nameof(options.RegistrarDirectory), options.RegistrarDirectory, "kubelet's plugins_registry");
        var pluginDirectory = options.EffectivePluginDirectory();
        CheckDirectory(failures, nameof(options.PluginDirectory), pluginDirectory, "the driver's directory under kubelet's plugins directory");
        if (options.RollingUpdatePodUid is { } uid && (uid.Length == 0 || uid.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add($"RollingUpdatePodUid '{uid}' is not a pod UID; set it from the downward API (metadata.uid) or leave it unset to disable rolling updates.");
        }

        if (options.HealthPort is < 0 or > 65535)
        {
            failures.Add($"HealthPort {options.HealthPort} is not a TCP port; use 1-65535, 0 for any free port, or leave it unset to disable the health endpoint.");
        }

        if (!IPAddress.TryParse(options.HealthBindAddress, out _))
        {
            failures.Add($"HealthBindAddress '{options.HealthBindAddress}' is not an IP address; use e.g. 0.0.0.0 or 127.0.0.1.");
        }

        if (options.ClaimReadTimeout <= TimeSpan.Zero || options.ClaimReadTimeout >= TimeSpan.FromSeconds(45))
        {
            failures.Add($"ClaimReadTimeout {options.ClaimReadTimeout} must be above zero and below kubelet's 45 s call timeout.");
        }

        if (failures.Count == 0)
        {
            var dra = Path.Join(pluginDirectory, KubeletSocketNames.DraSocket(options.RollingUpdatePodUid));
            var registration = Path.Join(options.RegistrarDirectory, KubeletSocketNames.RegistrationSocket(options.RegistrarDirectory, options.DriverName, options.RollingUpdatePodUid));
            CheckSocket(failures, nameof(options.PluginDirectory), dra);
            CheckSocket(failures, nameof(options.RegistrarDirectory), registration);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckDirectory(List<string> failures, string field, string? path, string what)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            failures.Add($"{field} '{path}' is not an absolute path; set it to {what}.");
        }
        else if (!Directory.Exists(path))
        {
            failures.Add($"{field} '{path}' does not exist; mount {what} into the plugin's pod at the same path (hostPath).");
        }
    }

    private static void CheckSocket(List<string> failures, string field, string socketPath)
    {
        if (!KubeletSocketNames.Fits(socketPath))
        {
            failures.Add($"{field}: socket path '{socketPath}' is {Encoding.UTF8.GetByteCount(socketPath)} bytes; Unix sockets allow at most {SocketPathTooLongException.MaxPathBytes} (sun_path is 108 bytes with its NUL). Use a shorter directory or driver name.");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
