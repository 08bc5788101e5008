namespace Nvidia.Dra.Core.Configs;

/// <summary>Configuration of a whole GPU for containers (kind <c>GpuConfig</c>).</summary>
/// <param name="Sharing">How containers share the GPU.</param>
public sealed record GpuConfig(SharingSettings Sharing) : DeviceConfiguration
{
    /// <summary>The kind name on the wire.</summary>
    public const string KindName = "GpuConfig";

    /// <summary>Gets the default, as upstream: time-slicing with the default interval.</summary>
    public static GpuConfig Default { get; } = new(new SharingSettings(SharingStrategy.TimeSlicing, TimeSliceInterval.Default, null));

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override DeviceKind AppliesTo => DeviceKind.Gpu;
}
