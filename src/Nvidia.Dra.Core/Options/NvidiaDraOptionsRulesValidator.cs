using Microsoft.Extensions.Options;
using Nvidia.Dra.Core.FeatureGates;
using Nvidia.Dra.Core.Naming;

namespace Nvidia.Dra.Core;

/// <summary>
/// Cross-field and format rules of <see cref="NvidiaDraOptions"/>: Kubernetes names, absolute paths, feature gates,
/// and timeouts that add up to less than kubelet's 45 s per call.
/// </summary>
internal sealed class NvidiaDraOptionsRulesValidator : IValidateOptions<NvidiaDraOptions>
{
    public ValidateOptionsResult Validate(string? name, NvidiaDraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        if (!KubernetesNames.IsDnsSubdomain(options.DriverName, KubernetesNames.DriverNameMaxLength))
        {
            builder.AddError(
                $"'{options.DriverName}' is not a valid driver name: use a lower-case DNS subdomain of at most 63 characters such as gpu.nvidia.com",
                nameof(options.DriverName));
        }

        if (!KubernetesNames.IsDnsSubdomain(options.NodeName))
        {
            builder.AddError(
                $"'{options.NodeName}' is not a valid node name: set it to the Kubernetes node name (a lower-case DNS subdomain), usually from the downward API spec.nodeName",
                nameof(options.NodeName));
        }

        CheckPath(builder, nameof(options.NvidiaDriverRoot), options.NvidiaDriverRoot);
        CheckPath(builder, nameof(options.ContainerDriverRoot), options.ContainerDriverRoot);
        CheckPath(builder, nameof(options.HostRoot), options.HostRoot);
        CheckPath(builder, nameof(options.CdiRoot), options.CdiRoot);
        CheckPath(builder, nameof(options.PluginDataDirectory), options.PluginDataDirectory);

        try
        {
            _ = FeatureGateSetFactory.FromOptions(options);
        }
        catch (FeatureGateException ex)
        {
            builder.AddError(ex.Message, nameof(options.FeatureGates));
        }

        CheckTimeouts(builder, options);
        return builder.Build();
    }

    private static void CheckPath(ValidateOptionsResultBuilder builder, string field, string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal) ||
            path.Split('/').Any(segment => segment is ".."))
        {
            builder.AddError(
                $"'{path}' is not an absolute path without '..' segments: set {field} to an absolute path such as the default",
                field);
        }
    }

    private static void CheckTimeouts(ValidateOptionsResultBuilder builder, NvidiaDraOptions options)
    {
        var kubelet = NvidiaDraOptions.KubeletCallTimeout;
        CheckPositive(builder, nameof(options.PrepareTimeout), options.PrepareTimeout);
        CheckPositive(builder, nameof(options.UnprepareTimeout), options.UnprepareTimeout);
        CheckPositive(builder, nameof(options.NodeLockTimeout), options.NodeLockTimeout);
        CheckPositive(builder, nameof(options.DriverSwitchTimeout), options.DriverSwitchTimeout);
        if (options.HolderWaitTimeout < TimeSpan.Zero)
        {
            builder.AddError(
                $"HolderWaitTimeout {options.HolderWaitTimeout} is negative: use zero (fail at once) or a positive wait",
                nameof(options.HolderWaitTimeout));
        }

        if (options.PrepareTimeout >= kubelet)
        {
            builder.AddError(
                $"PrepareTimeout {options.PrepareTimeout.TotalSeconds} s must be below kubelet's {kubelet.TotalSeconds} s per call, or kubelet gives up first and the error is lost",
                nameof(options.PrepareTimeout));
        }

        if (options.UnprepareTimeout >= kubelet)
        {
            builder.AddError(
                $"UnprepareTimeout {options.UnprepareTimeout.TotalSeconds} s must be below kubelet's {kubelet.TotalSeconds} s per call",
                nameof(options.UnprepareTimeout));
        }

        var prepareSteps = options.NodeLockTimeout + options.HolderWaitTimeout + options.DriverSwitchTimeout;
        if (prepareSteps > options.PrepareTimeout)
        {
            builder.AddError(
                $"NodeLockTimeout + HolderWaitTimeout + DriverSwitchTimeout = {prepareSteps.TotalSeconds} s exceeds PrepareTimeout {options.PrepareTimeout.TotalSeconds} s: shorten the waits or raise PrepareTimeout (below {kubelet.TotalSeconds} s)",
                nameof(options.PrepareTimeout));
        }

        var unprepareSteps = options.NodeLockTimeout + options.DriverSwitchTimeout;
        if (unprepareSteps > options.UnprepareTimeout)
        {
            builder.AddError(
                $"NodeLockTimeout + DriverSwitchTimeout = {unprepareSteps.TotalSeconds} s exceeds UnprepareTimeout {options.UnprepareTimeout.TotalSeconds} s",
                nameof(options.UnprepareTimeout));
        }
    }

    private static void CheckPositive(ValidateOptionsResultBuilder builder, string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            builder.AddError($"{field} {value} must be positive", field);
        }
    }
}
