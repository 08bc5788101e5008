using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Rules the annotations cannot express: absolute, clean roots and positive, bounded durations.</summary>
internal sealed class VfioHostOptionsRulesValidator : IValidateOptions<VfioHostOptions>
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, VfioHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        CheckRoot(builder, nameof(options.SysfsRoot), options.SysfsRoot);
        CheckRoot(builder, nameof(options.DevRoot), options.DevRoot);
        CheckRoot(builder, nameof(options.ProcRoot), options.ProcRoot);
        CheckRoot(builder, nameof(options.HostRoot), options.HostRoot);
        CheckRoot(builder, nameof(options.DriverRoot), options.DriverRoot);
        CheckRoot(builder, nameof(options.ModulesRoot), options.ModulesRoot);
        CheckDuration(builder, nameof(options.SysfsWriteTimeout), options.SysfsWriteTimeout);
        CheckDuration(builder, nameof(options.DeviceNodeTimeout), options.DeviceNodeTimeout);
        CheckDuration(builder, nameof(options.PollInterval), options.PollInterval);
        CheckDuration(builder, nameof(options.UnbindLockRetryDelay), options.UnbindLockRetryDelay);
        if (options.KernelRelease is { } release && !HostPaths.IsSafeName(release))
        {
            builder.AddError($"'{release}' is not a kernel release name (letters, digits, '.', '_', '-', '+'); leave it unset to read /proc/sys/kernel/osrelease.", nameof(options.KernelRelease));
        }

        return builder.Build();
    }

    private static void CheckRoot(ValidateOptionsResultBuilder builder, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return; // [Required] reports it.
        }

        if (!Path.IsPathFullyQualified(value) || value.Contains('\0', StringComparison.Ordinal) ||
            value.Split('/').Any(part => part is ".." or "."))
        {
            builder.AddError($"'{value}' must be an absolute path without '.' or '..' segments (e.g. /sys, /host-root).", name);
        }
    }

    private static void CheckDuration(ValidateOptionsResultBuilder builder, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            builder.AddError($"{value} must be positive and at most {MaxDuration}.", name);
        }
    }
}
