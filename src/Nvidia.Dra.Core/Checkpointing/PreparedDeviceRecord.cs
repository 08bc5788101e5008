namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>One device of a completed prepare as kubelet was told (the idempotent answer).</summary>
/// <param name="RequestNames">The request names (base names, as kubelet expects).</param>
/// <param name="PoolName">The pool.</param>
/// <param name="DeviceName">The device.</param>
/// <param name="CdiDeviceIds">The qualified CDI device ids.</param>
internal sealed record PreparedDeviceRecord(
    IReadOnlyList<string> RequestNames,
    string PoolName,
    string DeviceName,
    IReadOnlyList<string> CdiDeviceIds);
