using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core;

/// <summary>
/// Receives the node's pool whenever it changes — at start-up, after every prepare or unprepare that changes what
/// should be published, and after the exclusion mode changes — so a host can hand it to whatever publishes
/// ResourceSlices (the <c>nvidia-dra-driver</c> passes it to <c>Nvidia.Dra.Kubelet</c>'s ResourceSliceController).
/// Register any number with dependency injection; Core calls each in registration order.
/// </summary>
/// <remarks>
/// Contract: Core calls <see cref="OnPublicationChanged"/> while it holds the publication lock, so successive calls
/// arrive in the order the pool changed and the last call is always the current pool. It must return quickly (hand the
/// pool over; never wait for an API server) and must not call back into <see cref="IDraNodeService"/>. An exception it
/// throws is logged and otherwise ignored: publishing never fails a prepare or unprepare (W16).
/// </remarks>
public interface IPoolPublicationListener
{
    /// <summary>The pool to publish now, replacing any earlier one.</summary>
    /// <param name="publication">The pool.</param>
    void OnPublicationChanged(PoolPublication publication);
}
