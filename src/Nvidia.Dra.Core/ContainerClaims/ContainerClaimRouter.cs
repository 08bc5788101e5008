using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Kubernetes;
using Nvidia.Dra.Core.Preparation;

namespace Nvidia.Dra.Core.ContainerClaims;

/// <summary>
/// Sends container claims (gpu and mig views) to the host's <see cref="IContainerClaimPreparer"/>, or answers them with
/// the remedy on a passthrough-only node, and enforces the node-side exclusion between a GPU's two views in both
/// directions (vfio claim on a GPU a container holds; container claim on a GPU a vfio claim holds).
/// </summary>
internal sealed class ContainerClaimRouter(string driverName, ClaimConfigResolver resolver, IContainerClaimPreparer? preparer)
{
    /// <summary>Gets a value indicating whether a container-claim preparer is registered.</summary>
    public bool Enabled => preparer is not null;

    /// <summary>Gets the names of the claim's devices of this driver that are not vfio views.</summary>
    public List<string> ContainerDevices(ResourceClaim claim, PoolPublication publication) =>
        [.. (claim.Status?.Allocation?.Devices?.Results ?? [])
            .Where(r => string.Equals(r.Driver, driverName, StringComparison.Ordinal))
            .Where(r => publication.DeviceKindOf(r.Pool, r.Device) switch
            {
                DeviceKind.Gpu or DeviceKind.Mig => true,
                DeviceKind.Vfio => false,

                // Not published here (a passthrough-only node never publishes gpu views): judge by the name.
                _ => !r.Device.StartsWith(DeviceNames.VfioPrefix, StringComparison.Ordinal),
            })
            .Select(r => r.Device)];

    /// <summary>Prepares a container claim through the preparer.</summary>
    public async Task<IReadOnlyList<PreparedDevice>> PrepareAsync(
        ResourceClaim claim, ClaimIdentity identity, List<string> containerDevices, PoolPublication publication, IReadOnlySet<string> vfioHeld, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (preparer is null)
        {
            throw new ClaimConfigException(
                $"claim {identity.Description} allocates container devices ({string.Join(", ", containerDevices)}), but this node is passthrough-only: " +
                "no container-claim preparer is registered, so it publishes vfio views only. For a virtual machine request the vfio.gpu.nvidia.com class; " +
                "for containers run a driver that registers an IContainerClaimPreparer (AddContainerClaimPreparer). Then delete and recreate the pod");
        }

        var devices = resolver.Resolve(claim, publication.DeviceKindOf).GetDevicesOrThrow();
        var addresses = devices.Select(d => publication.Find(d.Device)!.PciAddress).ToList();
        if (addresses.FirstOrDefault(vfioHeld.Contains) is { } taken)
        {
            throw new ClaimPreparationException(identity.Description, taken, ClaimStep.Validate,
                $"GPU {taken} is prepared for a vfio claim, so its gpu view cannot be prepared too; the claim was allocated against a ResourceSlice published before the exclusion took effect: delete and recreate the pod; nothing was changed",
                rolledBack: true);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        return await preparer.PrepareAsync(new ContainerClaim(claim, devices, addresses), deadline.Token).ConfigureAwait(false);
    }

    /// <summary>Refuses a vfio claim on a GPU a container claim holds.</summary>
    public void EnsureNotHeldByContainers(ResourceClaim claim, ClaimIdentity identity, PoolPublication publication)
    {
        if (preparer is null)
        {
            return;
        }

        var held = preparer.GetPreparedPciAddresses();
        foreach (var result in claim.Status?.Allocation?.Devices?.Results ?? [])
        {
            if (string.Equals(result.Driver, driverName, StringComparison.Ordinal) && publication.Find(result.Device) is { } device && held.Contains(device.PciAddress))
            {
                throw new ClaimPreparationException(identity.Description, device.PciAddress, ClaimStep.Validate,
                    $"GPU {device.PciAddress} is held by a container claim, so its vfio view cannot be prepared too; the claim was allocated against a ResourceSlice published before the exclusion took effect: delete and recreate the pod; nothing was changed",
                    rolledBack: true);
            }
        }
    }

    /// <summary>Unprepares a claim Core does not know through the preparer; without one there is nothing to do.</summary>
    public Task UnprepareAsync(ClaimReference claim, TimeSpan timeout, CancellationToken cancellationToken) =>
        preparer is null ? Task.CompletedTask : UnprepareCoreAsync(preparer, claim, timeout, cancellationToken);

    private static async Task UnprepareCoreAsync(IContainerClaimPreparer preparer, ClaimReference claim, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await preparer.UnprepareAsync(claim, deadline.Token).ConfigureAwait(false);
    }
}
