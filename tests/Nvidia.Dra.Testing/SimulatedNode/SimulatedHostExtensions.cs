using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>Small conveniences for tests over simulated hosts.</summary>
public static class SimulatedHostExtensions
{
    /// <summary>Parses a PCI address.</summary>
    /// <param name="text">The address, <c>dddd:bb:dd.f</c>.</param>
    /// <returns>The address.</returns>
    public static PciAddress Address(string text) => PciAddress.Parse(text);
}
