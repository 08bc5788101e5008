namespace Nvidia.Dra.Core.Configs;

/// <summary>A normalised <c>sharing</c> block.</summary>
/// <param name="Strategy">The sharing strategy.</param>
/// <param name="TimeSliceInterval">The interval; set exactly when the strategy is time-slicing.</param>
/// <param name="Mps">The MPS settings; set only with the MPS strategy.</param>
public sealed record SharingSettings(SharingStrategy Strategy, TimeSliceInterval? TimeSliceInterval, MpsSettings? Mps);
