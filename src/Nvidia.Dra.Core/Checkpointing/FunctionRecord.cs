namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>The recorded prior binding of one PCI function (W6).</summary>
/// <param name="Address">The PCI address, <c>dddd:bb:dd.f</c>.</param>
/// <param name="Driver">The driver bound before prepare, or <see langword="null"/> when none.</param>
/// <param name="DriverOverride">The <c>driver_override</c> before prepare, or <see langword="null"/> when unset.</param>
internal sealed record FunctionRecord(string Address, string? Driver, string? DriverOverride);
