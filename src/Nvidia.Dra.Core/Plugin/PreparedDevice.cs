namespace Nvidia.Dra.Core;

/// <summary>One prepared device, as NodePrepareResources returns it.</summary>
/// <param name="RequestNames">The request names (base names, subrequest stripped).</param>
/// <param name="PoolName">The pool.</param>
/// <param name="DeviceName">The device.</param>
/// <param name="CdiDeviceIds">The qualified CDI device ids: the claim device, plus the metadata device on the first device of each request.</param>
public sealed record PreparedDevice(IReadOnlyList<string> RequestNames, string PoolName, string DeviceName, IReadOnlyList<string> CdiDeviceIds);
