using Grpc.Core;
using Nvidia.Dra.Kubelet.Protocol.V1;

namespace Nvidia.Dra.Kubelet.Service;

/// <summary><c>k8s.io.kubelet.pkg.apis.dra.v1.DRAPlugin</c> (kubelet ≥ 1.34).</summary>
internal sealed class DraPluginV1Service(DraRequestHandler handler) : DRAPlugin.DRAPluginBase
{
    public override Task<NodePrepareResourcesResponse> NodePrepareResources(NodePrepareResourcesRequest request, ServerCallContext context) =>
        handler.PrepareAsync(request, "v1", context.CancellationToken);

    public override Task<NodeUnprepareResourcesResponse> NodeUnprepareResources(NodeUnprepareResourcesRequest request, ServerCallContext context) =>
        handler.UnprepareAsync(request, "v1", context.CancellationToken);
}
