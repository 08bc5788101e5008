namespace Nvidia.Dra.Core.Configs;

/// <summary>The time-slice length for <see cref="SharingStrategy.TimeSlicing"/>.</summary>
public enum TimeSliceInterval
{
    /// <summary>The driver's default.</summary>
    Default,

    /// <summary>Short slices; needs the <c>TimeSlicingSettings</c> gate.</summary>
    Short,

    /// <summary>Medium slices; needs the <c>TimeSlicingSettings</c> gate.</summary>
    Medium,

    /// <summary>Long slices; needs the <c>TimeSlicingSettings</c> gate.</summary>
    Long,
}
