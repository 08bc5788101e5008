namespace Nvidia.Dra.Embedding;

/// <summary>The process's exit code, set by the plugin: 0 after a clean run, 1 after a fatal error.</summary>
internal sealed class PluginOutcome
{
    public int ExitCode { get; set; }
}
