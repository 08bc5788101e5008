using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>The node's pool as it should be published: every slice at one generation, and what each device is.</summary>
/// <param name="PoolName">The pool name (the node name).</param>
/// <param name="Generation">The pool generation in every slice.</param>
/// <param name="Fingerprint">A hash of the pool's content without the generation; pass it back as
/// <see cref="PublishedPoolState"/> next time.</param>
/// <param name="Slices">The slices: counter slices first, then device slices.</param>
/// <param name="Devices">Every published device with its physical GPU, ordered by PCI address.</param>
/// <param name="Notes">What was left out or changed, for the host to log.</param>
public sealed record PoolPublication(
    string PoolName,
    long Generation,
    string Fingerprint,
    IReadOnlyList<ResourceSlice> Slices,
    IReadOnlyList<AdvertisedDevice> Devices,
    IReadOnlyList<AdvertisingNote> Notes)
{
    /// <summary>
    /// Gets how a GPU's two views are kept exclusive in this pool, or <see langword="null"/> when the pool publishes one
    /// view per GPU (a passthrough-only node) and there is nothing to exclude.
    /// </summary>
    public SliceExclusion? Exclusion { get; init; }

    /// <summary>Gets the state to pass to the next build.</summary>
    public PublishedPoolState State => new(Generation, Fingerprint);

    /// <summary>Finds a published device by name.</summary>
    /// <param name="deviceName">The device name.</param>
    /// <returns>The device, or <see langword="null"/> when this pool does not publish it.</returns>
    public AdvertisedDevice? Find(string deviceName) => Devices.FirstOrDefault(d => string.Equals(d.Name, deviceName, StringComparison.Ordinal));

    /// <summary>Gets the kind of a published device, for <see cref="Claims.ClaimConfigResolver.Resolve(Kubernetes.ResourceClaim, Func{string, DeviceKind?})"/>.</summary>
    /// <param name="deviceName">The device name.</param>
    /// <returns>The kind, or <see langword="null"/> when this pool does not publish the device.</returns>
    public DeviceKind? DeviceKindOf(string deviceName) => Find(deviceName)?.Kind;

    /// <summary>Gets the kind of a device of this pool, checking the pool name too.</summary>
    /// <param name="poolName">The pool named in the allocation result.</param>
    /// <param name="deviceName">The device name.</param>
    /// <returns>The kind, or <see langword="null"/> when the device is not in this pool.</returns>
    public DeviceKind? DeviceKindOf(string poolName, string deviceName) =>
        string.Equals(poolName, PoolName, StringComparison.Ordinal) ? DeviceKindOf(deviceName) : null;
}
