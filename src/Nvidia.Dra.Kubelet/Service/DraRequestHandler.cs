using Microsoft.Extensions.Logging;
using Nvidia.Dra.Kubelet.Claims;
using Nvidia.Dra.Kubelet.Diagnostics;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Kubelet.Serialization;

namespace Nvidia.Dra.Kubelet.Service;

/// <summary>
/// What both DRA API versions run: read the claims (before taking the serialisation lock, as upstream does: slow
/// API calls should not hold other calls up), take the lock, call the driver with the claims that can be prepared,
/// and answer exactly one entry per claim.
/// </summary>
internal sealed class DraRequestHandler(IDraPlugin plugin, ClaimReader reader, CallSerializer serializer, HostMetrics metrics, ILogger logger, TimeProvider time)
{
    public async Task<NodePrepareResourcesResponse> PrepareAsync(NodePrepareResourcesRequest request, string api, CancellationToken cancellationToken)
    {
        var response = new NodePrepareResourcesResponse();
        if (request.Claims.Count == 0)
        {
            // Nothing to serialise: a health self-call must not queue behind a long prepare.
            return response;
        }

        var started = time.GetTimestamp();
        try
        {
            var references = request.Claims.Select(c => new DraClaimReference(c.Namespace, c.Name, c.Uid)).ToList();
            var read = await reader.ReadAsync(references, cancellationToken).ConfigureAwait(false);
            var ready = read.Where(r => r.Claim is not null).Select(r => r.Claim!).ToList();
            var (results, batchError) = ready.Count == 0 ? (null, null)
                : await CallDriverAsync("NodePrepareResources", ready.Count, token => plugin.PrepareResourceClaimsAsync(ready, token), cancellationToken).ConfigureAwait(false);

            var succeeded = 0;
            foreach (var claim in read)
            {
                var answer = new NodePrepareResourceResponse();
                var (error, reason) = claim.Error is not null ? (claim.Error, claim.Reason!)
                    : batchError is not null ? ($"claim {claim.Reference}: {batchError}", "driver")
                    : results is null || !results.TryGetValue(claim.Reference.Uid, out var result) || result is null ? ($"claim {claim.Reference}: the driver returned no result for it; kubelet retries", "driver")
                    : result.Error is not null ? (result.Error, "driver")
                    : (null, null);
                if (error is not null)
                {
                    answer.Error = error;
                    metrics.ClaimError("NodePrepareResources", reason!);
                    HostLog.ClaimFailed(logger, "NodePrepareResources", error);
                }
                else
                {
                    answer.Devices.AddRange(results![claim.Reference.Uid].Devices.Select(ToWire));
                    succeeded++;
                }

                response.Claims[claim.Reference.Uid] = answer;
            }

            var elapsed = Completed("NodePrepareResources", succeeded, read.Length, started);
            HostLog.PrepareCompleted(logger, api, succeeded, read.Length, elapsed.TotalMilliseconds);
            return response;
        }
        catch (OperationCanceledException)
        {
            Cancelled("NodePrepareResources", started);
            throw;
        }
    }

    public async Task<NodeUnprepareResourcesResponse> UnprepareAsync(NodeUnprepareResourcesRequest request, string api, CancellationToken cancellationToken)
    {
        var response = new NodeUnprepareResourcesResponse();
        if (request.Claims.Count == 0)
        {
            return response;
        }

        var started = time.GetTimestamp();
        try
        {
            var references = request.Claims.Select(c => new DraClaimReference(c.Namespace, c.Name, c.Uid)).ToList();
            var (results, batchError) = await CallDriverAsync(
                "NodeUnprepareResources", references.Count, token => plugin.UnprepareResourceClaimsAsync(references, token), cancellationToken).ConfigureAwait(false);

            var succeeded = 0;
            foreach (var reference in references)
            {
                var error = batchError is not null ? $"claim {reference}: {batchError}"
                    : results is null || !results.TryGetValue(reference.Uid, out var result) ? $"claim {reference}: the driver returned no result for it; kubelet retries"
                    : result;
                var answer = new NodeUnprepareResourceResponse();
                if (!string.IsNullOrEmpty(error))
                {
                    answer.Error = error;
                    metrics.ClaimError("NodeUnprepareResources", "driver");
                    HostLog.ClaimFailed(logger, "NodeUnprepareResources", error);
                }
                else
                {
                    succeeded++;
                }

                response.Claims[reference.Uid] = answer;
            }

            var elapsed = Completed("NodeUnprepareResources", succeeded, references.Count, started);
            HostLog.UnprepareCompleted(logger, api, succeeded, references.Count, elapsed.TotalMilliseconds);
            return response;
        }
        catch (OperationCanceledException)
        {
            Cancelled("NodeUnprepareResources", started);
            throw;
        }
    }

    /// <summary>Calls the driver under the serialisation lock; a driver that throws fails each claim of the batch, never the call.</summary>
    private async Task<(T? Results, string? BatchError)> CallDriverAsync<T>(string method, int claims, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        using var turn = await serializer.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await call(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HostLog.DriverThrew(logger, method, claims, ex);
            return (null, $"the driver failed the whole batch: {ex.Message}");
        }
    }

    private TimeSpan Completed(string method, int succeeded, int claims, long started)
    {
        var elapsed = time.GetElapsedTime(started);
        metrics.Call(method, succeeded == claims ? "ok" : "error", elapsed);
        return elapsed;
    }

    private static Device ToWire(DraDevice device)
    {
        var wire = new Device { PoolName = device.PoolName, DeviceName = device.DeviceName };
        // kubelet matches devices to container requests by base request name: "req/sub" answers for "req".
        wire.RequestNames.AddRange(device.RequestNames.Select(BaseRequest).Distinct(StringComparer.Ordinal));
        wire.CdiDeviceIds.AddRange(device.CdiDeviceIds);
        if (device.ShareId is not null)
        {
            wire.ShareId = device.ShareId;
        }

        return wire;
    }

    private static string BaseRequest(string request)
    {
        var slash = request.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? request : request[..slash];
    }

    private void Cancelled(string method, long started)
    {
        var elapsed = time.GetElapsedTime(started);
        metrics.Call(method, "cancelled", elapsed);
        HostLog.CallCancelled(logger, method, elapsed.TotalMilliseconds);
    }
}
