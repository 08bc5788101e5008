namespace Nvidia.Dra.Core.Configs;

/// <summary>
/// A decoded, normalised and validated <c>resource.nvidia.com/v1beta1</c> opaque configuration. Instances only
/// exist in a valid state: <see cref="OpaqueConfigDecoder"/> is the only way in from JSON.
/// </summary>
public abstract record DeviceConfiguration
{
    /// <summary>The API group and version of every kind the driver reads.</summary>
    public const string ApiVersion = "resource.nvidia.com/v1beta1";

    private protected DeviceConfiguration()
    {
    }

    /// <summary>Gets the configuration's kind, for example <c>VfioDeviceConfig</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Gets the kind of device this configuration can be applied to.</summary>
    public abstract DeviceKind AppliesTo { get; }
}
