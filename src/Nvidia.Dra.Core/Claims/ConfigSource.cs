namespace Nvidia.Dra.Core.Claims;

/// <summary>Where a device's resolved configuration came from.</summary>
public enum ConfigSource
{
    /// <summary>The driver's built-in default for the device kind.</summary>
    Default,

    /// <summary>A DeviceClass configuration (<c>FromClass</c>).</summary>
    FromClass,

    /// <summary>A claim configuration (<c>FromClaim</c>).</summary>
    FromClaim,
}
