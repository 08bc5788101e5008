using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Nvidia.Dra.Kubelet.Claims;

/// <summary>
/// Reads the ResourceClaims kubelet names (it sends only references) from the API server with the official client:
/// <c>GET resource.k8s.io/v1 …/resourceclaims/&lt;name&gt;</c>, all claims of a batch at once. A claim that cannot be
/// read, is not allocated or was replaced (another UID under the same name) fails alone; unlike the Go helper the
/// rest of the batch still runs.
/// </summary>
internal sealed class ClaimReader(Func<IKubernetes> client, string driverName, TimeSpan timeout)
{
    public Task<ClaimReadResult[]> ReadAsync(IReadOnlyList<DraClaimReference> references, CancellationToken cancellationToken) =>
        Task.WhenAll(references.Select(r => ReadOneAsync(r, cancellationToken)));

    /// <summary>A copy of <paramref name="claim"/> whose allocation results are only <paramref name="driver"/>'s.</summary>
    public static Resourcev1ResourceClaim ForDriver(Resourcev1ResourceClaim claim, string driver)
    {
        var devices = claim.Status!.Allocation!.Devices;
        var results = devices?.Results?.Where(r => string.Equals(r.Driver, driver, StringComparison.Ordinal)).ToList() ?? [];
        return new Resourcev1ResourceClaim
        {
            ApiVersion = claim.ApiVersion,
            Kind = claim.Kind,
            Metadata = claim.Metadata,
            Spec = claim.Spec,
            Status = new V1ResourceClaimStatus
            {
                Allocation = new V1AllocationResult
                {
                    AllocationTimestamp = claim.Status.Allocation.AllocationTimestamp,
                    NodeSelector = claim.Status.Allocation.NodeSelector,
                    Devices = new V1DeviceAllocationResult { Results = results, Config = devices?.Config },
                },
                Devices = claim.Status.Devices,
                ReservedFor = claim.Status.ReservedFor,
            },
        };
    }

    private async Task<ClaimReadResult> ReadOneAsync(DraClaimReference reference, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Resourcev1ResourceClaim claim;
        try
        {
            claim = await client().ResourceV1.ReadNamespacedResourceClaimAsync(reference.Name, reference.Namespace, cancellationToken: deadline.Token).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return Fail(reference, "not_found", $"claim {reference}: not found in the API server (deleted, or never created); kubelet retries with the pod's current claims");
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return Fail(reference, "read_failed", $"claim {reference}: the API server refused the read ({(int)ex.Response.StatusCode}); grant the plugin's service account get on resourceclaims.resource.k8s.io");
        }
        catch (HttpOperationException ex)
        {
            return Fail(reference, "read_failed", $"claim {reference}: reading it from the API server failed with HTTP {(int?)ex.Response?.StatusCode}: {ex.Response?.Content ?? ex.Message}; kubelet retries");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(reference, "read_failed", $"claim {reference}: the API server did not answer within {timeout.TotalSeconds:0.#} s; kubelet retries");
        }
        catch (HttpRequestException ex)
        {
            return Fail(reference, "read_failed", $"claim {reference}: the API server cannot be reached ({ex.Message}); check the plugin's network and kubeconfig; kubelet retries");
        }

        if (!string.Equals(claim.Metadata?.Uid, reference.Uid, StringComparison.Ordinal))
        {
            return Fail(reference, "replaced", $"claim {reference}: got replaced: the API server has UID {claim.Metadata?.Uid} under that name (deleted and recreated); kubelet retries with the new claim");
        }

        if (claim.Status?.Allocation is null)
        {
            return Fail(reference, "not_allocated", $"claim {reference}: not allocated (status.allocation is empty); kubelet retries once the scheduler allocates it");
        }

        return new ClaimReadResult(reference, ForDriver(claim, driverName), null, null);
    }

    private static ClaimReadResult Fail(DraClaimReference reference, string reason, string error) => new(reference, null, error, reason);
}
