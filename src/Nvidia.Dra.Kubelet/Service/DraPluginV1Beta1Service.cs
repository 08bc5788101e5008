using Grpc.Core;
using Beta = Nvidia.Dra.Kubelet.Protocol.V1Beta1;
using V1 = Nvidia.Dra.Kubelet.Protocol.V1;

namespace Nvidia.Dra.Kubelet.Service;

/// <summary>
/// <c>k8s.io.kubelet.pkg.apis.dra.v1beta1.DRAPlugin</c> (kubelet 1.32 and 1.33), mapped onto v1: the messages have
/// the same fields and numbers except <c>Device.share_id</c>, which v1beta1 cannot carry and drops (as upstream's
/// wrapper does).
/// </summary>
internal sealed class DraPluginV1Beta1Service(DraRequestHandler handler) : Beta.DRAPlugin.DRAPluginBase
{
    public override async Task<Beta.NodePrepareResourcesResponse> NodePrepareResources(Beta.NodePrepareResourcesRequest request, ServerCallContext context)
    {
        var v1 = await handler.PrepareAsync(new V1.NodePrepareResourcesRequest { Claims = { request.Claims.Select(ToV1) } }, "v1beta1", context.CancellationToken).ConfigureAwait(false);
        var response = new Beta.NodePrepareResourcesResponse();
        foreach (var (uid, claim) in v1.Claims)
        {
            var answer = new Beta.NodePrepareResourceResponse { Error = claim.Error };
            answer.Devices.AddRange(claim.Devices.Select(d => new Beta.Device
            {
                PoolName = d.PoolName,
                DeviceName = d.DeviceName,
                RequestNames = { d.RequestNames },
                CdiDeviceIds = { d.CdiDeviceIds },
            }));
            response.Claims[uid] = answer;
        }

        return response;
    }

    public override async Task<Beta.NodeUnprepareResourcesResponse> NodeUnprepareResources(Beta.NodeUnprepareResourcesRequest request, ServerCallContext context)
    {
        var v1 = await handler.UnprepareAsync(new V1.NodeUnprepareResourcesRequest { Claims = { request.Claims.Select(ToV1) } }, "v1beta1", context.CancellationToken).ConfigureAwait(false);
        var response = new Beta.NodeUnprepareResourcesResponse();
        foreach (var (uid, claim) in v1.Claims)
        {
            response.Claims[uid] = new Beta.NodeUnprepareResourceResponse { Error = claim.Error };
        }

        return response;
    }

    private static V1.Claim ToV1(Beta.Claim claim) => new() { Namespace = claim.Namespace, Name = claim.Name, Uid = claim.Uid };
}
