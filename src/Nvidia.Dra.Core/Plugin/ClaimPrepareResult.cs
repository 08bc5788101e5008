namespace Nvidia.Dra.Core;

/// <summary>The outcome of preparing one claim: its devices, or the error kubelet shows the user.</summary>
/// <param name="ClaimUid">The claim UID.</param>
/// <param name="Devices">The prepared devices; empty on error.</param>
/// <param name="Error">The error, or <see langword="null"/> on success.</param>
public sealed record ClaimPrepareResult(string ClaimUid, IReadOnlyList<PreparedDevice> Devices, NvidiaDraException? Error)
{
    /// <summary>Gets a value indicating whether the claim was prepared.</summary>
    public bool Succeeded => Error is null;
}
