using System.ComponentModel.DataAnnotations;

namespace Nvidia.Dra.Cdi;

/// <summary>Where Nvidia.Dra.Cdi reads and writes CDI specs.</summary>
public sealed class CdiOptions
{
    /// <summary>The static spec directory, lowest priority.</summary>
    public const string StaticSpecDirectory = "/etc/cdi";

    /// <summary>The dynamic spec directory, highest priority, where transient specs go.</summary>
    public const string DynamicSpecDirectory = "/var/run/cdi";

    /// <summary>
    /// Gets or sets the spec directories in priority order: a later directory wins over an earlier one.
    /// Defaults to <c>/etc/cdi</c> then <c>/var/run/cdi</c>.
    /// </summary>
    [Required]
    public IList<string> SpecDirectories { get; set; } = [StaticSpecDirectory, DynamicSpecDirectory];

    /// <summary>Gets or sets the directory the writer puts specs into. Defaults to <c>/var/run/cdi</c>.</summary>
    [Required]
    public string WriteDirectory { get; set; } = DynamicSpecDirectory;
}
