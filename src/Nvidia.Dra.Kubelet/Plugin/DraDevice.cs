namespace Nvidia.Dra.Kubelet;

/// <summary>One prepared device, as kubelet hands it to the container runtime.</summary>
/// <param name="RequestNames">The claim requests the device serves (<c>req</c> or <c>req/sub</c>; the host strips subrequests); empty means all.</param>
/// <param name="PoolName">The pool of the allocation result.</param>
/// <param name="DeviceName">The device of the allocation result.</param>
/// <param name="CdiDeviceIds">The fully qualified CDI device ids the runtime injects (<c>vendor/class=name</c>).</param>
public sealed record DraDevice(IReadOnlyList<string> RequestNames, string PoolName, string DeviceName, IReadOnlyList<string> CdiDeviceIds)
{
    /// <summary>Gets the share ID of a device allocated more than once (<c>allocation.devices.results[].shareID</c>); v1 only.</summary>
    public string? ShareId { get; init; }
}
