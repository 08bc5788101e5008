namespace Nvidia.Dra.Core.Claims;

/// <summary>
/// The outcome of resolving a claim's configuration: either every device of this driver with its configuration,
/// or every problem found. Nothing has been done to the node either way.
/// </summary>
/// <param name="ClaimDescription">The claim as <c>namespace/name (uid)</c>, for messages.</param>
/// <param name="Devices">The devices of this driver, in allocation order; empty when there are errors.</param>
/// <param name="Errors">Every problem found; empty on success.</param>
public sealed record ConfigResolution(
    string ClaimDescription,
    IReadOnlyList<ResolvedDevice> Devices,
    IReadOnlyList<NvidiaDraException> Errors)
{
    /// <summary>Gets a value indicating whether the claim can be prepared.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Returns the devices, or throws when the claim was rejected.</summary>
    /// <returns>The resolved devices.</returns>
    /// <exception cref="ClaimConfigException">The claim was rejected; <see cref="ClaimConfigException.Errors"/> lists why.</exception>
    public IReadOnlyList<ResolvedDevice> GetDevicesOrThrow()
    {
        if (Succeeded)
        {
            return Devices;
        }

        throw new ClaimConfigException(
            $"claim {ClaimDescription} cannot be prepared: " + string.Join("; ", Errors.Select(e => e.Message)),
            Errors);
    }
}
