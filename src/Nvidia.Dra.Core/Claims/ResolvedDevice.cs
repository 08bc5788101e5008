using Nvidia.Dra.Core.Configs;

namespace Nvidia.Dra.Core.Claims;

/// <summary>One allocated device of this driver with the configuration that applies to it.</summary>
/// <param name="Request">The result's request name (<c>req</c> or <c>req/sub</c>).</param>
/// <param name="Pool">The pool name.</param>
/// <param name="Device">The device name.</param>
/// <param name="Kind">The device's kind as advertised.</param>
/// <param name="Config">The normalised configuration that won.</param>
/// <param name="Source">Where the configuration came from.</param>
public sealed record ResolvedDevice(
    string Request,
    string Pool,
    string Device,
    DeviceKind Kind,
    DeviceConfiguration Config,
    ConfigSource Source)
{
    /// <summary>Gets the base request name, with any <c>/subrequest</c> removed (the form used in paths).</summary>
    public string BaseRequest => Request.Split('/', 2)[0];
}
