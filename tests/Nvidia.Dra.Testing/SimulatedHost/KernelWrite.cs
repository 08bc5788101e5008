
namespace Nvidia.Dra.Testing;

/// <summary>One write the simulated kernel received, in order.</summary>
/// <param name="Path">The path relative to the simulated root (e.g. <c>sys/bus/pci/drivers/nvidia/unbind</c>).</param>
/// <param name="Value">The value written, without trailing newline.</param>
public sealed record KernelWrite(string Path, string Value);
