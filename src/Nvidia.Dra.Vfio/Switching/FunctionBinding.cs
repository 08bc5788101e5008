namespace Nvidia.Dra.Vfio;

/// <summary>The driver state of one PCI function: what a switch records before touching it and restores later.</summary>
/// <param name="Address">The function.</param>
/// <param name="Driver">The bound driver, or <see langword="null"/> when none is bound.</param>
/// <param name="DriverOverride">The <c>driver_override</c> value, or <see langword="null"/> when unset.</param>
public sealed record FunctionBinding(PciAddress Address, string? Driver, string? DriverOverride);
