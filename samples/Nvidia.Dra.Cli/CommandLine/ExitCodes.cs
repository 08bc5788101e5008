namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// The exit codes of every nvdra command, so a script can tell "the answer is no" from "there is no answer".
/// </summary>
internal static class ExitCodes
{
    /// <summary>Ok: the spec is valid, nothing blocks, no holder found where that is the question, the listing worked.</summary>
    public const int Ok = 0;

    /// <summary>The verdict is negative: an invalid spec, a blocking check, holders found, fields that differ.</summary>
    public const int Negative = 1;

    /// <summary>A usage error (unknown flag, bad value, conflicting flags) or something that could not be checked.</summary>
    public const int UsageOrCouldNotCheck = 2;

    /// <summary>The exit-code legend printed by <c>nvdra --help</c> and the README.</summary>
    public const string Legend =
        "Exit codes (the same for every command):\n" +
        "  0  ok: valid, nothing blocks, nothing found that was asked about\n" +
        "  1  the verdict is negative: invalid spec, blocking check, holders found, nvidia-smi differs\n" +
        "  2  usage error, or something could not be checked (unreadable file, missing root, no NVML)";
}
