using Nvidia.Dra.Core;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Kubelet;

namespace Nvidia.Dra.Driver.Publishing;

/// <summary>
/// Hands every change of Core's pool to the ResourceSlice controller. <see cref="ResourceSliceController.Publish"/>
/// only records the desired pool and returns, so a prepare or unprepare never waits for, or fails because of, the API
/// server (W16); the slices converge in the background and their state shows on the health endpoint.
/// </summary>
internal sealed class SlicePublisher(ResourceSliceController controller) : IPoolPublicationListener
{
    public void OnPublicationChanged(PoolPublication publication) => controller.Publish(PoolMapping.ToDesired(publication));
}
