using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Core;

/// <summary>A container claim handed to an <see cref="IContainerClaimPreparer"/>.</summary>
/// <param name="Claim">The claim as read from the API server.</param>
/// <param name="Devices">Its devices of this driver, each a <c>gpu</c> or <c>mig</c> view, with the configuration that won.</param>
/// <param name="PciAddresses">The PCI address of each device's GPU, in the order of <paramref name="Devices"/>.</param>
public sealed record ContainerClaim(ResourceClaim Claim, IReadOnlyList<ResolvedDevice> Devices, IReadOnlyList<string> PciAddresses);
