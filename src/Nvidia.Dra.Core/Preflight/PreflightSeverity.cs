namespace Nvidia.Dra.Core.Preflight;

/// <summary>What a start-up finding does to the plugin.</summary>
public enum PreflightSeverity
{
    /// <summary>Logged; nothing is disabled.</summary>
    Warning,

    /// <summary>Only passthrough is affected: the vfio view is not advertised, gpu devices still are.</summary>
    DisablesPassthrough,

    /// <summary>The plugin cannot start.</summary>
    Fatal,
}
