namespace Nvidia.Dra.Core;

/// <summary>The outcome of unpreparing one claim.</summary>
/// <param name="ClaimUid">The claim UID.</param>
/// <param name="Error">The error, or <see langword="null"/> on success.</param>
public sealed record ClaimUnprepareResult(string ClaimUid, NvidiaDraException? Error)
{
    /// <summary>Gets a value indicating whether the claim was unprepared.</summary>
    public bool Succeeded => Error is null;
}
