namespace Nvidia.Dra.Core.Advertising;

/// <summary>Something the slice builder left out or changed, for the host to log.</summary>
/// <param name="PciAddress">The GPU concerned.</param>
/// <param name="Message">What was left out or changed, and why.</param>
public sealed record AdvertisingNote(string PciAddress, string Message);
