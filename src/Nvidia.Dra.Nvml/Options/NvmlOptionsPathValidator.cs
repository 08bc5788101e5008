using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Nvml;

/// <summary>The rules data annotations cannot express: both paths absolute, and the idle period zero or more (at most
/// <see cref="NvmlOptions.MaxIdleUnloadDelay"/>) or infinite.</summary>
internal sealed class NvmlOptionsPathValidator : IValidateOptions<NvmlOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NvmlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!string.IsNullOrEmpty(options.DriverRoot) && !Path.IsPathRooted(options.DriverRoot))
        {
            builder.AddError($"must be an absolute path, such as / or /run/nvidia/driver; got '{options.DriverRoot}'", nameof(NvmlOptions.DriverRoot));
        }

        if (options.LibraryPath is { } path && (path.Length == 0 || !Path.IsPathRooted(path)))
        {
            builder.AddError($"must be an absolute path to libnvidia-ml.so.1 or unset; got '{path}'", nameof(NvmlOptions.LibraryPath));
        }

        var idle = options.IdleUnloadDelay;
        if (idle != Timeout.InfiniteTimeSpan && (idle < TimeSpan.Zero || idle > NvmlOptions.MaxIdleUnloadDelay))
        {
            builder.AddError(
                $"must be between 00:00:00 and {NvmlOptions.MaxIdleUnloadDelay}, or Timeout.InfiniteTimeSpan (-00:00:00.001) to keep NVML loaded; got '{idle}'",
                nameof(NvmlOptions.IdleUnloadDelay));
        }

        return builder.Build();
    }
}
