namespace Nvidia.Dra.Cdi;

/// <summary>A host network interface moved into the container (CDI 1.1.0; keys <c>hostInterfaceName</c>, <c>name</c>).</summary>
/// <param name="HostInterfaceName">The interface name on the host.</param>
/// <param name="Name">The interface name inside the container.</param>
public sealed record LinuxNetDevice(string HostInterfaceName, string Name);
