using Nvidia.Dra.Core.Claims;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>One device of a preparation plan.</summary>
/// <param name="Resolved">The allocation result and its configuration.</param>
/// <param name="Address">The GPU.</param>
/// <param name="Plan">The passthrough plan.</param>
internal sealed record PlannedDevice(ResolvedDevice Resolved, PciAddress Address, PassthroughPlan Plan);
