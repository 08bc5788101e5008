using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>The node's pool as it should be published: every slice at one generation, and what each device is.</summary>
/// <param name="Generation">The pool generation in every slice.</param>
/// <param name="Fingerprint">A hash of the pool's content without the generation; pass it back as
/// <see cref="PublishedPoolState"/> next time.</param>
/// <param name="Slices">The slices: counter slices first, then device slices.</param>
/// <param name="Devices">Every published device with its physical GPU, ordered by PCI address.</param>
/// <param name="Notes">What was left out or changed, for the host to log.</param>
public sealed record PoolPublication(
    long Generation,
    string Fingerprint,
    IReadOnlyList<ResourceSlice> Slices,
    IReadOnlyList<AdvertisedDevice> Devices,
    IReadOnlyList<AdvertisingNote> Notes)
{
    /// <summary>Gets the state to pass to the next build.</summary>
    public PublishedPoolState State => new(Generation, Fingerprint);

    /// <summary>Finds a published device by name.</summary>
    /// <param name="deviceName">The device name.</param>
    /// <returns>The device, or <see langword="null"/> when this pool does not publish it.</returns>
    public AdvertisedDevice? Find(string deviceName) => Devices.FirstOrDefault(d => string.Equals(d.Name, deviceName, StringComparison.Ordinal));

    /// <summary>Gets the kind of a published device, for <see cref="Claims.ClaimConfigResolver.Resolve"/>.</summary>
    /// <param name="deviceName">The device name.</param>
    /// <returns>The kind, or <see langword="null"/> when this pool does not publish the device.</returns>
    public DeviceKind? DeviceKindOf(string deviceName) => Find(deviceName)?.Kind;
}
