using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>A published device and the physical GPU behind it, for prepare to find by name.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Kind">The device kind.</param>
/// <param name="PciAddress">The GPU's PCI address (lower-case).</param>
/// <param name="Device">The device as published, attributes included (copied into device metadata).</param>
public sealed record AdvertisedDevice(string Name, DeviceKind Kind, string PciAddress, Device Device);
