namespace Nvidia.Dra.Core.Recovery;

/// <summary>
/// A GPU found at start-up on a VFIO driver, with this driver's CDI spec for a claim, that the checkpoint does not
/// record: the checkpoint was lost or deleted while the claim was prepared.
/// </summary>
/// <param name="PciAddress">The GPU.</param>
/// <param name="ClaimUid">The claim its files name.</param>
/// <param name="Driver">The driver it is on.</param>
/// <param name="Files">The files that show it was this driver's (CDI specs).</param>
/// <param name="Restored">
/// Whether start-up put it back on <c>nvidia</c> and removed the files (<see cref="NvidiaDraOptions.RestoreUnrecordedVfioGpus"/>);
/// otherwise it is kept out of the ResourceSlices until kubelet unprepares the claim or an operator restores it.
/// </param>
public sealed record UnrecordedVfioGpu(string PciAddress, string ClaimUid, string Driver, IReadOnlyList<string> Files, bool Restored);
