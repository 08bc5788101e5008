namespace Nvidia.Dra.Cli.CommandLine;

/// <summary>
/// A failure nvdra reports as one line (what, where, and what to do) with its exit code, never as a stack trace:
/// a usage error, or a check that could not be made.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.UsageOrCouldNotCheck)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
        : this("nvdra failed")
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.UsageOrCouldNotCheck;
    }

    public int ExitCode { get; }
}
