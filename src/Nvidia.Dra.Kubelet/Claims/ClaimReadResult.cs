using k8s.Models;

namespace Nvidia.Dra.Kubelet.Claims;

/// <summary>A claim read for a prepare: the claim reduced to this driver's results, or why it cannot be prepared.</summary>
/// <param name="Reference">What kubelet asked for.</param>
/// <param name="Claim">The claim; <see langword="null"/> on error.</param>
/// <param name="Error">The per-claim error; <see langword="null"/> when the claim can be prepared.</param>
/// <param name="Reason">A short metric tag for the error (<c>not_found</c>, <c>not_allocated</c>, <c>replaced</c>, <c>read_failed</c>).</param>
internal sealed record ClaimReadResult(DraClaimReference Reference, Resourcev1ResourceClaim? Claim, string? Error, string? Reason);
