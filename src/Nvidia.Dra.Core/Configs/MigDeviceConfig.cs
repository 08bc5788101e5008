namespace Nvidia.Dra.Core.Configs;

/// <summary>Configuration of a MIG device for containers (kind <c>MigDeviceConfig</c>).</summary>
/// <param name="Sharing">How containers share the MIG device (time-slicing has no interval on MIG).</param>
public sealed record MigDeviceConfig(SharingSettings Sharing) : DeviceConfiguration
{
    /// <summary>The kind name on the wire.</summary>
    public const string KindName = "MigDeviceConfig";

    /// <summary>Gets the default: time-slicing.</summary>
    public static MigDeviceConfig Default { get; } = new(new SharingSettings(SharingStrategy.TimeSlicing, null, null));

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override DeviceKind AppliesTo => DeviceKind.Mig;
}
